package io.agentsafety.functions.approvals;

import io.agentsafety.approvals.Approval;
import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.ServerProblems;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** GET /api/v1/safety/approvals/{id}: one approval request (redacted action, no task token); 404 if unknown. */
@Controller("/api/v1/safety/approvals")
public class ApprovalGetController {

    private final ApprovalApi api;

    public ApprovalGetController(ApprovalApi api) {
        this.api = api;
    }

    @Operation(operationId = "approvalGet", summary = "One approval request (redacted action, no task token)")
    @ApiResponse(responseCode = "200", description = "The approval request", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = Approval.class)))
    @ApiResponse(responseCode = "404", description = "No approval with this id (approval_not_found), also for ids outside the grammar", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ServerProblems
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public Approval get(
            @Parameter(description = "the approval id", schema = @Schema(pattern = ApiSchemas.APPROVAL_ID_PATTERN)) @PathVariable("id") String id) {
        return api.get(id);
    }
}
