package io.agentsafety.sandbox.exec;

import io.agentsafety.redaction.RedactionOptions;
import io.agentsafety.redaction.Redactor;
import jakarta.inject.Singleton;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Sandbox output through the shared redactor, with the request's {@code env} values as known secrets (raw,
 * base64, URL-encoded and hex forms: {@link io.agentsafety.redaction.SecretValues}). Text stays text; output
 * that is not UTF-8 is redacted byte-for-byte (as ISO-8859-1, which maps every byte to one char) and answered
 * base64, so a secret inside binary output is removed too.
 *
 * <p>One-shot on purpose, not {@link io.agentsafety.redaction.RedactingInputStream}: the backends hand over each
 * stream already captured and capped ({@code safety.sandbox.max-output-bytes}, 256 KiB by default), the text or
 * base64 choice needs all of its bytes, and the answer is one string; the stream's result would be identical
 * (same findings at every chunk boundary) and save no memory. Its U+FFFD decoding would also lose the bytes of
 * binary output, which this class answers exactly.
 */
@Singleton
public class OutputRedaction {

    /** A redacted stream: the text, or base64 with {@code encoding = "base64"}. */
    public record Redacted(String value, String encoding) {
    }

    private final Redactor redactor;

    public OutputRedaction(Redactor redactor) {
        this.redactor = redactor;
    }

    public RedactionOptions optionsFor(Map<String, String> env) {
        return new RedactionOptions(List.of(), env, null, List.of());
    }

    public String text(String text, RedactionOptions options) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return redactor.redact(text, options).redacted();
    }

    public Redacted output(byte[] bytes, boolean truncated, RedactionOptions options) {
        String utf8 = decodeUtf8(bytes, truncated);
        if (utf8 != null) {
            return new Redacted(text(utf8, options), null);
        }
        String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
        String redacted = text(latin1, options);
        return new Redacted(Base64.getEncoder().encodeToString(redacted.getBytes(StandardCharsets.ISO_8859_1)), "base64");
    }

    /** Strict UTF-8, or null; output cut at the cap may end inside a character, which is dropped. */
    private static String decodeUtf8(byte[] bytes, boolean truncated) {
        int drop = 0;
        while (true) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, bytes.length - drop)).toString();
            } catch (CharacterCodingException e) {
                if (!truncated || drop >= 3 || drop >= bytes.length) {
                    return null;
                }
                drop++;
            }
        }
    }
}
