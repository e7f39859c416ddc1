package io.agentsafety.client;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Text with its secrets replaced by {@code [REDACTED:<kind>]}, and where they were (never the secrets). */
@Serdeable
public record RedactResult(String redacted, List<Finding> findings, int count) {

    public RedactResult {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** A secret of {@code kind} at {@code [start, end)} of the original text, found by {@code detector}. */
    @Serdeable
    public record Finding(String kind, int start, int end, String detector) {
    }
}
