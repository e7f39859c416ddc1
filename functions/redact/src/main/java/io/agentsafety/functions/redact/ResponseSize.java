package io.agentsafety.functions.redact;

/**
 * Bytes a redact response takes in the function's answer, so it can be refused (413) before Lambda
 * refuses it (6 MiB per synchronous response, 502 to the caller). Behind API Gateway the response body
 * is itself a JSON string inside the Lambda response, so it is escaped twice: a {@code "} in the text
 * costs 4 bytes ({@code \\\"}), a newline 3, another control character 7. Non-ASCII characters are
 * written as UTF-8 by the JSON writers of both Micronaut and the Lambda runtime.
 */
final class ResponseSize {

    /** Lambda's limit on a synchronous invocation's response payload. */
    static final long LAMBDA_RESPONSE_LIMIT = 6L * 1024 * 1024;
    /** Room for what is not the body: status, headers, the envelope's own keys. */
    static final long ENVELOPE_RESERVE = 8 * 1024;
    /** What the body may take. */
    static final long BODY_BUDGET = LAMBDA_RESPONSE_LIMIT - ENVELOPE_RESERVE;

    private ResponseSize() {
    }

    /** Bytes of {@code text} as a JSON string value (without its quotes), escaped twice when {@code enveloped}. */
    static long ofString(CharSequence text, boolean enveloped) {
        long n = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += ofChar(c, enveloped);
            }
        }
        return n;
    }

    /** Bytes of an already serialised JSON document, once it is the body string of the envelope. */
    static long ofJson(byte[] json, boolean enveloped) {
        if (!enveloped) {
            return json.length;
        }
        long n = 0;
        for (byte b : json) {
            n += b == '"' || b == '\\' ? 2 : b >= 0 && b < 0x20 ? (shortEscape(b) ? 2 : 6) : 1;
        }
        return n;
    }

    private static int ofChar(char c, boolean enveloped) {
        if (c == '"' || c == '\\') {
            return enveloped ? 4 : 2;
        }
        if (c < 0x20) {
            return shortEscape(c) ? (enveloped ? 3 : 2) : (enveloped ? 7 : 6);
        }
        if (c < 0x80) {
            return 1;
        }
        if (Character.isSurrogate(c)) {
            // a lone surrogate: counted as the longest way a writer may put it, \\uD800
            return enveloped ? 7 : 6;
        }
        return c < 0x800 ? 2 : 3;
    }

    private static boolean shortEscape(int c) {
        return c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f';
    }
}
