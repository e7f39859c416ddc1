package io.agentsafety.policy.network;

import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;

/**
 * One reason to deny: the rule, the evidence (a host or host:port, never userinfo) and a sentence that explains
 * this case. Becomes a {@link RuleMatch} (rule id and description, evidence) plus a part of the reason string.
 */
record Denial(NetworkRule rule, String evidence, String detail) {

    RuleMatch toRuleMatch() {
        return new RuleMatch(rule.id(), rule.description(), evidence, rule.risk(), Verdict.DENY);
    }

    /** Two denials say the same thing when rule and evidence agree; the first explanation is kept. */
    String key() {
        return rule.id() + "|" + evidence;
    }
}
