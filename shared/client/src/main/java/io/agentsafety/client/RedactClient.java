package io.agentsafety.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/v1/safety/redact}; read-only, so retried when transient. */
public final class RedactClient implements TextRedactor {

    private final Transport transport;

    RedactClient(Transport transport) {
        this.transport = transport;
    }

    @Override
    public RedactResult redact(String text, RedactOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        if (!options.extraSecrets().isEmpty()) {
            body.put("extra_secrets", options.extraSecrets());
        }
        if (!options.env().isEmpty()) {
            body.put("env", options.env());
        }
        Transport.Answer answer = transport.exchange("POST", "/redact", body, Transport.Retry.IDEMPOTENT);
        return transport.read(answer.body(), RedactResult.class);
    }
}
