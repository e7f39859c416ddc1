package io.agentsafety.redaction;

/**
 * Remembers the last log fragment that {@link LogRedaction} returned unchanged, so a fragment repeated on every line of
 * an invocation (the MDC: request id, function, cold start, set once per invocation) is redacted once per invocation,
 * not once per line. The redactor is a pure function of the text, so the answer is the same either way. A fragment it
 * changed is never remembered (no secret is kept) and is redacted on every line; the memo belongs to the redactor that
 * left it unchanged, so {@link LogRedaction#install} of another redactor redacts it again.
 */
final class LastUnchangedText {

    private record Unchanged(Redactor redactor, String text) {
    }

    private volatile Unchanged last;

    String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Redactor current;
        try {
            current = LogRedaction.redactor();
        } catch (RuntimeException e) {
            return LogRedaction.redact(text);  // builds it again, and withholds the text if that fails too
        }
        Unchanged known = last;
        if (known != null && known.redactor() == current && known.text().equals(text)) {
            return text;
        }
        String redacted = LogRedaction.redact(current, text);
        if (redacted.equals(text)) {
            last = new Unchanged(current, text);
        }
        return redacted;
    }
}
