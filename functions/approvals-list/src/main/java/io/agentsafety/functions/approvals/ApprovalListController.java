package io.agentsafety.functions.approvals;

import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.approvals.ApprovalPage;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /api/v1/safety/approvals?status=&run_id=&limit=&cursor=: approval requests, newest first, paged. */
@Controller("/api/v1/safety/approvals")
public class ApprovalListController {

    private final ApprovalApi api;

    public ApprovalListController(ApprovalApi api) {
        this.api = api;
    }

    @Operation(operationId = "approvalList", summary = "Approval requests, newest first, paged")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "only requests in this status", schema = @Schema(implementation = String.class, allowableValues = {"pending", "approved", "denied", "expired", "used"}))
    @Parameter(name = "run_id", in = ParameterIn.QUERY, description = "only requests of this run", schema = @Schema(implementation = String.class, pattern = ApiSchemas.ID_PATTERN))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "100", defaultValue = "20"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of the previous page", schema = @Schema(implementation = String.class))
    @ApiResponse(responseCode = "200", description = "One page", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = ApprovalPage.class)))
    @ApiResponse(responseCode = "400", description = "A bad or unknown query parameter (each named in errors)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ServerProblems
    @Get(produces = MediaType.APPLICATION_JSON)
    public ApprovalPage list(HttpRequest<?> request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> query.put(name, List.copyOf(values)));
        return api.list(query);
    }
}
