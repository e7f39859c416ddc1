package io.agentsafety.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Remembers the texts a pure scrubber (a redactor) returned unchanged, so the service's own small vocabulary — rule
 * descriptions, an audit entry's verdicts and rule ids — costs one scrubber call per process instead of one per
 * request. The scrubber is a pure function of the text, so the answer is the same either way. A text it changed is
 * never remembered (no secret is kept) and is scrubbed again every time; at most {@code maxRemembered} texts of at most
 * {@code maxLength} characters are kept, then no more are added.
 */
public final class UnchangedTexts {

    private final UnaryOperator<String> scrubber;
    private final int maxRemembered;
    private final int maxLength;
    private final Map<String, String> remembered = new ConcurrentHashMap<>();  // text -> itself

    public UnchangedTexts(UnaryOperator<String> scrubber, int maxRemembered, int maxLength) {
        this.scrubber = scrubber;
        this.maxRemembered = maxRemembered;
        this.maxLength = maxLength;
    }

    public String scrub(String text) {
        if (text.length() > maxLength) {
            return scrubber.apply(text);
        }
        String known = remembered.get(text);
        if (known != null) {
            return known;
        }
        String scrubbed = scrubber.apply(text);
        if (scrubbed.equals(text) && remembered.size() < maxRemembered) {
            remembered.putIfAbsent(text, text);
        }
        return scrubbed;
    }

    /** How many texts are remembered (tests). */
    public int rememberedCount() {
        return remembered.size();
    }
}
