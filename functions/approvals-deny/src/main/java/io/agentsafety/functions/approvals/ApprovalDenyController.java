package io.agentsafety.functions.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.approvals.VerdictResult;
import io.agentsafety.approvals.api.VerdictBody;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.BodyProblems;
import io.agentsafety.core.api.ServerProblems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * POST /api/v1/safety/approvals/{id}/deny {@code {"approver","comment"?}}: ends a pending request; a Step Functions
 * task waiting on it fails with {@code ApprovalDenied}.
 */
@Controller("/api/v1/safety/approvals")
public class ApprovalDenyController {

    private final ApprovalApi api;

    public ApprovalDenyController(ApprovalApi api) {
        this.api = api;
    }

    @Operation(operationId = "approvalDeny", summary = "Deny a pending request")
    @ApiResponse(responseCode = "200", description = "denied", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = VerdictResult.class)))
    @ApiResponse(responseCode = "401", description = "No approver: neither in the body nor named by an authorizer (approver_not_authenticated)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No approval with this id (approval_not_found)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The approval is no longer pending (approval_not_pending)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @BodyProblems
    @ServerProblems
    @Post(uri = "/{id}/deny", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public VerdictResult deny(
            @Parameter(description = "the approval id", schema = @Schema(pattern = ApiSchemas.APPROVAL_ID_PATTERN)) @PathVariable("id") String id,
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = VerdictBody.class))) @Body byte[] body,
            @Parameter(hidden = true) @Nullable APIGatewayV2HTTPEvent event) {
        return api.deny(id, body, event);
    }
}
