package io.agentsafety.approvals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to an approve or deny: {@code result} is {@code approved} (this vote completed the approval),
 * {@code counted} (more approvers are needed), {@code already_counted} (this approver had voted: counted once), or
 * {@code denied}; {@code task_callback} tells what became of the Step Functions callback, if the request has one
 * ({@code sent}, {@code queued} for the notifier's retry, {@code failed}).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerdictResult(String result, Approval approval, @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("task_callback") String taskCallback) {
}
