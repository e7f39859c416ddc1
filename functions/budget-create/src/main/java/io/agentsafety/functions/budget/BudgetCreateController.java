package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.budget.api.BudgetCreateRequest;
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

/** POST /api/v1/safety/budget/create: a new budget (201), the same again (200, replayed) or 409. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetCreateController {

    private final BudgetApi api;

    public BudgetCreateController(BudgetApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetCreate", summary = "Create a run budget")
    @ApiResponse(responseCode = "201", description = "Created", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetStatus.class)))
    @ApiResponse(responseCode = "200", description = "The same budget again: replayed (Idempotent-Replayed: true)", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetStatus.class)))
    @ApiResponse(responseCode = "409", description = "A budget with this run_id exists with different parameters (budget_conflict)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @BodyProblems
    @ServerProblems
    @Post(uri = "/create", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> create(
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetCreateRequest.class))) @Body byte[] body) {
        return BudgetResponses.of(api.create(body));
    }
}
