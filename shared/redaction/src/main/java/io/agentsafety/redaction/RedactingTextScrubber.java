package io.agentsafety.redaction;

import io.agentsafety.core.TextScrubber;
import jakarta.inject.Singleton;

/**
 * The application's {@link Redactor} as the {@link TextScrubber} every outbound text goes through (problem
 * details and field paths, echoed identifiers, stored budget metadata). Fails closed: if redaction itself
 * fails, the text is withheld, never passed on raw.
 */
@Singleton
public class RedactingTextScrubber implements TextScrubber {

    private final Redactor redactor;

    public RedactingTextScrubber(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        try {
            return redactor.redactToString(text);
        } catch (RuntimeException | StackOverflowError e) {
            return "[REDACTION FAILED: " + text.length() + " characters withheld]";
        }
    }
}
