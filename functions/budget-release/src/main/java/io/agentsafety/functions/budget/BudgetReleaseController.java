package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.budget.api.BudgetReleaseRequest;
import io.agentsafety.budget.api.SettlementResult;
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

/** POST /api/v1/safety/budget/release: give a reservation back. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetReleaseController {

    private final BudgetApi api;

    public BudgetReleaseController(BudgetApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetRelease", summary = "Give a reservation back")
    @ApiResponse(responseCode = "200", description = "Released (a replay answers the same, Idempotent-Replayed: true)", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = SettlementResult.class)))
    @ApiResponse(responseCode = "404", description = "No open reservation with this id (reservation_not_found) or no budget", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The reservation was already settled differently (reservation_settled)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @BodyProblems
    @ServerProblems
    @Post(uri = "/release", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> release(
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetReleaseRequest.class))) @Body byte[] body) {
        return BudgetResponses.of(api.release(body));
    }
}
