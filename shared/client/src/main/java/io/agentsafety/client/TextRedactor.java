package io.agentsafety.client;

/**
 * Removes secrets from text: {@link RedactClient} asks the service, {@link LocalRedactor} runs the same engine in
 * this process for text that must not leave it. Both give the same answer for the same input and configuration.
 */
public interface TextRedactor {

    RedactResult redact(String text, RedactOptions options);

    default String redact(String text) {
        return redact(text, RedactOptions.NONE).redacted();
    }
}
