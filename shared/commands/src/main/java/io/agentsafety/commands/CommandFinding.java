package io.agentsafety.commands;

/**
 * One rule that matched: {@code evidence} is the normalized simple command that triggered it (wrappers stripped,
 * variables resolved), at most 200 characters.
 */
public record CommandFinding(String ruleId, String description, Severity severity, CommandVerdict verdict, String evidence) {

    public static final int MAX_EVIDENCE = 200;

    public CommandFinding {
        if (severity == null || verdict == null || verdict == CommandVerdict.ALLOW) {
            // a finding restricts: allow is the absence of findings
            throw new IllegalArgumentException("a finding has a severity and a deny or require_approval verdict");
        }
        if (evidence != null && evidence.length() > MAX_EVIDENCE) {
            evidence = evidence.substring(0, MAX_EVIDENCE - 3) + "...";
        }
    }
}
