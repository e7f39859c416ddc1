package io.agentsafety.approvals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/** One page of {@code GET /approvals}, newest first; {@code next_cursor} is absent on the last page. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalPage(List<Approval> approvals, @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("next_cursor") String nextCursor) {
}
