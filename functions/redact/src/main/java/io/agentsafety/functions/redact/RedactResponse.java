package io.agentsafety.functions.redact;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.redaction.Finding;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code {"redacted", "findings": [{"kind","start","end","detector"}], "count", "findings_truncated",
 * "finding_counts": {kind: n}}}: never the secret itself. {@code findings} lists the first
 * {@link BoundedRedaction#MAX_LISTED_FINDINGS} spans by position; {@code count} and {@code finding_counts}
 * always cover all of them.
 */
@Serdeable
public record RedactResponse(String redacted,
                             // absent when empty: Micronaut serde's default inclusion is NON_EMPTY
                             @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<FindingView> findings,
                             int count,
                             @JsonProperty("findings_truncated") boolean findingsTruncated,
                             @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("finding_counts") Map<String, Integer> findingCounts) {

    @Serdeable
    public record FindingView(String kind, int start, int end, String detector) {
        static FindingView of(Finding f) {
            return new FindingView(f.kind(), f.start(), f.end(), f.detector());
        }
    }

    @Override
    public String toString() {
        return "RedactResponse[length=" + redacted.length() + ", count=" + count + ", truncated=" + findingsTruncated + "]";
    }
}
