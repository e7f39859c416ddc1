package io.agentsafety.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scrubs the descriptions of matched rules for a decision. A description is the rule's own text (a few carry a detail
 * of the action, such as the endpoint), so the same few hundred strings come back on every check, each costing a
 * redactor call (~4 % of the policy-check worker's CPU, infra/local BENCHMARK.md 2026-12-07 evening). One the scrubber
 * left unchanged is remembered ({@value #MAX_REMEMBERED} values of at most {@value #MAX_LENGTH} characters, then no
 * more are added): the scrubber is a pure function of the text, so the decision is the same either way. A description
 * the scrubber changed is never remembered (no secret is kept) and is scrubbed again on every check.
 */
final class RuleDescriptions {

    static final int MAX_REMEMBERED = 1024;
    static final int MAX_LENGTH = 512;

    private final EvidenceScrubber scrubber;
    private final Map<String, String> unchanged = new ConcurrentHashMap<>();  // description -> itself

    RuleDescriptions(EvidenceScrubber scrubber) {
        this.scrubber = scrubber;
    }

    String scrub(String description) {
        if (description.length() > MAX_LENGTH) {
            return scrubber.scrub(description);
        }
        String known = unchanged.get(description);
        if (known != null) {
            return known;
        }
        String scrubbed = scrubber.scrub(description);
        if (scrubbed.equals(description) && unchanged.size() < MAX_REMEMBERED) {
            unchanged.putIfAbsent(description, description);
        }
        return scrubbed;
    }

    /** How many descriptions are remembered (tests). */
    int rememberedCount() {
        return unchanged.size();
    }
}
