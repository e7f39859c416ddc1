package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.budget.api.BudgetRefusal;
import io.agentsafety.budget.api.BudgetReserveRequest;
import io.agentsafety.budget.api.ReservationResult;
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

/** POST /api/v1/safety/budget/reserve: hold an estimate before running (201), 402 when it does not fit. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetReserveController {

    private final BudgetApi api;

    public BudgetReserveController(BudgetApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetReserve", summary = "Hold an estimate before running")
    @ApiResponse(responseCode = "201", description = "Reserved (a replay with the same idempotency_key answers the same reservation, Idempotent-Replayed: true)", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = ReservationResult.class)))
    @ApiResponse(responseCode = "402", description = "Refused: insufficient_budget or circuit_open; nothing reserved", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = BudgetRefusal.class)))
    @ApiResponse(responseCode = "404", description = "No budget for this run_id (budget_not_found)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "idempotency_key used with different parameters (idempotency_conflict)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @BodyProblems
    @ServerProblems
    @Post(uri = "/reserve", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> reserve(
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetReserveRequest.class))) @Body byte[] body) {
        return BudgetResponses.of(api.reserve(body));
    }
}
