package io.agentsafety.functions.audit;

import io.agentsafety.audit.AuditQuery;
import io.agentsafety.audit.api.AuditPage;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.ServerProblems;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.Map;

/**
 * {@code GET /api/v1/safety/audit?run_id=&type=&verdict=&since=&limit=&cursor=}: one page of the audit
 * trail, newest first. A thin shell over the shared {@link AuditQuery}.
 */
@Controller("/api/v1/safety")
public class AuditQueryController {

    private final AuditQuery query;

    public AuditQueryController(AuditQuery query) {
        this.query = query;
    }

    @Operation(operationId = "auditQuery", summary = "One page of the audit trail, newest first")
    @Parameter(name = "run_id", in = ParameterIn.QUERY, description = "only entries of this run", schema = @Schema(implementation = String.class, pattern = ApiSchemas.ID_PATTERN))
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "only entries of this type (policy_decision, approval_transition, budget_mutation, breaker_change, threshold_event, sandbox_execution)", schema = @Schema(implementation = String.class))
    @Parameter(name = "verdict", in = ParameterIn.QUERY, description = "only entries with this verdict or outcome (allow, deny, require_approval, ok, ...)", schema = @Schema(implementation = String.class))
    @Parameter(name = "since", in = ParameterIn.QUERY, description = "only entries at or after this time", schema = @Schema(implementation = String.class, format = "date-time"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of the previous page (exclusive)", schema = @Schema(implementation = String.class))
    @ApiResponse(responseCode = "200", description = "One page (may hold fewer than limit entries when the filters are selective; follow next_cursor)", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = AuditPage.class)))
    @ApiResponse(responseCode = "400", description = "A bad or unknown query parameter (each named in errors)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ServerProblems
    @Get(uri = "/audit", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> audit(HttpRequest<?> request) {
        return query.page(AuditQuery.parse(request.getParameters().asMap()));
    }
}
