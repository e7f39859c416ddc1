package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.budget.api.BudgetRefusal;
import io.agentsafety.budget.api.BudgetSpendRequest;
import io.agentsafety.budget.api.BudgetStatus;
import io.agentsafety.core.JsonContentType;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.BodyProblems;
import io.agentsafety.core.api.ServerProblems;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** POST /api/v1/safety/budget/spend: record a cost, or check-and-spend atomically with enforce (402 when it does not fit). A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetSpendController {

    private final BudgetApi api;

    public BudgetSpendController(BudgetApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetSpend", summary = "Record a cost (enforce: only if it fits)")
    @ApiResponse(responseCode = "200", description = "Recorded (or replayed with the same idempotency_key: Idempotent-Replayed: true)", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetStatus.class)))
    @ApiResponse(responseCode = "402", description = "Enforced spend refused: insufficient_budget or circuit_open; nothing recorded", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = BudgetRefusal.class)))
    @ApiResponse(responseCode = "404", description = "No budget for this run_id (budget_not_found)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "idempotency_key used with different parameters (idempotency_conflict)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @BodyProblems
    @ServerProblems
    @Post(uri = "/spend", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> spend(
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetSpendRequest.class))) @Body byte[] body) {
        return BudgetResponses.of(api.spend(body));
    }
}
