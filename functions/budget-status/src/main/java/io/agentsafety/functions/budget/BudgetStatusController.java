package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.budget.api.BudgetStatus;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.ServerProblems;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** GET /api/v1/safety/budget/{run_id}: the budget status, 404 if absent. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetStatusController {

    private final BudgetApi api;

    public BudgetStatusController(BudgetApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetStatus", summary = "A run budget")
    @ApiResponse(responseCode = "200", description = "The budget", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetStatus.class)))
    @ApiResponse(responseCode = "400", description = "run_id does not match the id grammar", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No budget for this run_id (budget_not_found)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ServerProblems
    @Get(uri = "/{run_id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> status(
            @Parameter(description = "the run id", schema = @Schema(pattern = ApiSchemas.ID_PATTERN)) @PathVariable("run_id") String runId) {
        return BudgetResponses.of(api.status(runId));
    }
}
