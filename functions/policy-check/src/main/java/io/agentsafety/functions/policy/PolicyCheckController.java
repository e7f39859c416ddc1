package io.agentsafety.functions.policy;

import io.agentsafety.audit.AuditedPolicyGate;
import io.agentsafety.core.JsonContentType;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.BodyProblems;
import io.agentsafety.core.api.ServerProblems;
import io.agentsafety.policy.Decision;
import io.agentsafety.policy.PolicyView;
import io.agentsafety.policy.api.PolicyCheckRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The policy gate over HTTP: {@code POST /check} decides, {@code GET /policy} shows the effective policy. */
@Controller("/api/v1/safety")
public class PolicyCheckController {

    private final AuditedPolicyGate gate;
    private final PolicyView policyView;

    public PolicyCheckController(AuditedPolicyGate gate, PolicyView policyView) {
        this.gate = gate;
        this.policyView = policyView;
    }

    @Operation(operationId = "policyCheck", summary = "Decide one proposed action")
    @ApiResponse(responseCode = "200", description = "The decision: allow, deny or require_approval (with approval_id when an approval request was created)", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = Decision.class)))
    @BodyProblems
    @ServerProblems
    @Post(uri = "/check", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public Decision check(
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = PolicyCheckRequest.class))) @Body byte[] body) {
        return gate.check(JsonFields.parse(body));
    }

    @Operation(operationId = "policyView", summary = "The effective policy (allowlists, rules enabled)")
    @ApiResponse(responseCode = "200", description = "The effective policy", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = PolicyView.EffectivePolicy.class)))
    @ApiResponse(responseCode = "500", description = "Internal error; the detail never carries the cause", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Get(uri = "/policy", produces = MediaType.APPLICATION_JSON)
    public PolicyView.EffectivePolicy policy() {
        return policyView.effectivePolicy();
    }
}
