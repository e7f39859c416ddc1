package io.agentsafety.client;

import io.agentsafety.redaction.RedactionOptions;
import io.agentsafety.redaction.RedactionResult;
import io.agentsafety.redaction.Redactor;

/**
 * The service's redaction engine ({@code safety-redaction}, an optional dependency of this client) run in this
 * process: nothing is sent anywhere. The built-in detector table is parsed once per instance; reuse it.
 */
public final class LocalRedactor implements TextRedactor {

    private final Redactor redactor;

    private LocalRedactor(Redactor redactor) {
        this.redactor = redactor;
    }

    /** The built-in detectors, as the service runs them by default. */
    public static LocalRedactor create() {
        return new LocalRedactor(Redactor.builtIn());
    }

    @Override
    public RedactResult redact(String text, RedactOptions options) {
        RedactionResult result = redactor.redact(text,
            new RedactionOptions(options.extraSecrets(), options.env(), null, java.util.List.of()));
        return new RedactResult(result.redacted(), result.findings().stream()
            .map(f -> new RedactResult.Finding(f.kind(), f.start(), f.end(), f.detector())).toList(), result.count());
    }
}
