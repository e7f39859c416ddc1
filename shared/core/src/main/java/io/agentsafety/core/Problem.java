package io.agentsafety.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error this service returns
 * ({@code application/problem+json}). {@code errors} names each offending field, Stripe-style, so a
 * client can fix its request without guessing. Never carries request values: they may be secrets.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://agentsafety.io/problems/";

    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + code, title, status, detail, code, errors == null || errors.isEmpty() ? null : List.copyOf(errors));
    }

    /** One field-level problem; {@code field} is a JSON path such as {@code params.paths[2]}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String message) {
    }
}
