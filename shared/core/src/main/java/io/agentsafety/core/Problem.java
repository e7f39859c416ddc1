package io.agentsafety.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error this service returns
 * ({@code application/problem+json}). {@code errors} names each offending field, Stripe-style, so a
 * client can fix its request without guessing. Never carries request values: they may be secrets.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem document (application/problem+json); routes may add extension members")
public record Problem(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "https://agentsafety.io/problems/ followed by code") String type,
    String title,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "400", maximum = "599") int status,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String detail,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "machine-readable problem code, e.g. invalid_request") String code,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "every offending field (400)") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://agentsafety.io/problems/";

    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + code, title, status, detail, code, errors == null || errors.isEmpty() ? null : List.copyOf(errors));
    }

    /** One field-level problem; {@code field} is a JSON path such as {@code params.paths[2]}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FieldError")
    public record FieldError(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "JSON path of the field, e.g. params.paths[2]") String field, String message) {
    }
}
