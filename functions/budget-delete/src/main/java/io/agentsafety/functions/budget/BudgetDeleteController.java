package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.ServerProblems;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** DELETE /api/v1/safety/budget/{run_id}: 204, 404 if absent. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetDeleteController {

    private final BudgetApi api;

    public BudgetDeleteController(BudgetApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetDelete", summary = "Delete a run budget")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "run_id does not match the id grammar", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No budget for this run_id (budget_not_found)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ServerProblems
    @Delete(uri = "/{run_id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> delete(
            @Parameter(description = "the run id", schema = @Schema(pattern = ApiSchemas.ID_PATTERN)) @PathVariable("run_id") String runId) {
        return BudgetResponses.of(api.delete(runId));
    }
}
