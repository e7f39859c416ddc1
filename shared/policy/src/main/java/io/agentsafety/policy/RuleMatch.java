package io.agentsafety.policy;

/**
 * One rule that matched an action: the rule's id and description, the evidence (the part of the input
 * that triggered it, e.g. the resolved command {@code rm -rf /}), and what the rule demands.
 * Evidence must never carry secrets: matchers quote commands, paths, hosts, never credentials.
 */
public record RuleMatch(String id, String description, String evidence, RiskLevel risk, Verdict verdict) {

    public RuleMatch {
        if (evidence != null && evidence.length() > 300) {
            evidence = evidence.substring(0, 297) + "...";
        }
    }
}
