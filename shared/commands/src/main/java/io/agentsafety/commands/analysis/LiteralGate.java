package io.agentsafety.commands.analysis;

import java.util.List;

/**
 * Literals of which every match of a regular expression contains at least one (checked by hand against the pattern's
 * alternatives, case-sensitive like the pattern): text holding none of them cannot match, so the scan is skipped.
 * java.util.regex scans with word boundaries and look-behinds cost ~1 µs per pattern on even a short program, and
 * most programs hold none of the calls searched for: the scans were a fifth of a script's analysis time.
 */
record LiteralGate(List<String> anyOf) {

    /**
     * Tests only ({@code LiteralGateTest}): every gated scan and rewrite runs, so a decision with and without the gates
     * can be compared. The literals are kept by hand next to their patterns; this catches one that an edit left behind.
     */
    static volatile boolean scanAlways;

    static LiteralGate anyOf(String... literals) {
        return new LiteralGate(List.of(literals));
    }

    /** False only when the text cannot match: none of the literals occurs in it. */
    boolean mayMatch(String text) {
        for (String literal : anyOf) {
            if (mayContain(text, literal)) {
                return true;
            }
        }
        return false;
    }

    /** The one-literal gate ({@link ConstantFolder}'s rewrites): false only when the text lacks the literal. */
    static boolean mayContain(String text, String literal) {
        return scanAlways || text.contains(literal);
    }
}
