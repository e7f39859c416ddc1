package io.agentsafety.commands;

/**
 * One rule that matched: {@code evidence} is the normalized simple command that triggered it (wrappers stripped,
 * variables resolved), at most 200 characters.
 */
public record CommandFinding(String ruleId, String description, String severity, String verdict, String evidence) {

    public static final int MAX_EVIDENCE = 200;

    public CommandFinding {
        if (evidence != null && evidence.length() > MAX_EVIDENCE) {
            evidence = evidence.substring(0, MAX_EVIDENCE - 3) + "...";
        }
    }
}
