package io.agentsafety.redaction.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The body of {@code POST /redact} (functions/redact RedactRequests); unknown keys are refused. */
public record RedactRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the text to redact (limits: shared/redaction/README.md)") String text,
    @JsonProperty("extra_secrets") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "literal values to redact as well") List<String> extraSecrets,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "environment variables whose values are redacted where they appear") Map<String, String> env,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "only these detector kinds (see the detector table)") List<String> kinds,
    @JsonProperty("custom_patterns") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<CustomPattern> customPatterns) {

    /** A caller's own detector for this request. */
    public record CustomPattern(
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String id,
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String kind,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "RE2 syntax") String regex,
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<String> keywords) {
    }
}
