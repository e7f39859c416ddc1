package io.agentsafety.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "every offending field (400)") List<FieldError> errors,
    @Schema(name = "idempotency_key", requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "503 of a budget spend or reserve sent without an idempotency_key whose outcome is unknown: the key the service gave the call; a retry with it within 10 minutes answers the applied result or applies the call once")
    @JsonProperty("idempotency_key") String idempotencyKey) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://agentsafety.io/problems/";

    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + code, title, status, detail, code, errors == null || errors.isEmpty() ? null : List.copyOf(errors),
            null);
    }

    /** The same problem naming the idempotency key under which the call it answers can be retried exactly. */
    public Problem retryableWith(String key) {
        return new Problem(type, title, status, detail, code, errors, key);
    }

    /** One field-level problem; {@code field} is a JSON path such as {@code params.paths[2]}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FieldError")
    public record FieldError(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "JSON path of the field, e.g. params.paths[2]") String field, String message) {
    }
}
