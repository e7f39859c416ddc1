package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.budget.api.BudgetStatus;
import io.agentsafety.budget.api.BudgetUpdateRequest;
import io.agentsafety.core.JsonContentType;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.BodyProblems;
import io.agentsafety.core.api.ServerProblems;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** PATCH /api/v1/safety/budget/{run_id}: change the limit, close (or open) the circuit breaker. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetUpdateController {

    private final BudgetApi api;

    public BudgetUpdateController(BudgetApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetUpdate", summary = "Change the limit, close (or open) the circuit breaker")
    @ApiResponse(responseCode = "200", description = "Updated", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetStatus.class)))
    @ApiResponse(responseCode = "404", description = "No budget for this run_id (budget_not_found)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @BodyProblems
    @ServerProblems
    @Patch(uri = "/{run_id}", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> update(
            @Parameter(description = "the run id", schema = @Schema(pattern = ApiSchemas.ID_PATTERN)) @PathVariable("run_id") String runId,
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetUpdateRequest.class))) @Body byte[] body) {
        return BudgetResponses.of(api.update(runId, body));
    }
}
