package io.agentsafety.audit.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The answer of {@code GET /audit} (AuditQuery#page): one page of the trail, newest first. */
public record AuditPage(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "audit records, each with its stream id as id and its type (policy_decision, budget_*, approval_*, ...)")
    List<Map<String, Object>> entries,
    @JsonProperty("next_cursor") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"string", "null"}, description = "pass back as cursor for the next page; null at the end") String nextCursor,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "stream entries read for this page") int scanned,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "entries that could not be read (skipped)") Integer malformed) {
}
