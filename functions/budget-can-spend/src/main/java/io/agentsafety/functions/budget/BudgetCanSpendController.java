package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.budget.api.BudgetCanSpendRequest;
import io.agentsafety.budget.api.CanSpendResult;
import io.agentsafety.core.JsonContentType;
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

/** POST /api/v1/safety/budget/can-spend: would this amount fit now (changes nothing)? A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetCanSpendController {

    private final BudgetApi api;

    public BudgetCanSpendController(BudgetApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetCanSpend", summary = "Would this amount fit now (changes nothing)")
    @ApiResponse(responseCode = "200", description = "Always 200: allowed false when it does not fit, the breaker is open or there is no budget", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = CanSpendResult.class)))
    @BodyProblems
    @ServerProblems
    @Post(uri = "/can-spend", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> canSpend(
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetCanSpendRequest.class))) @Body byte[] body) {
        return BudgetResponses.of(api.canSpend(body));
    }
}
