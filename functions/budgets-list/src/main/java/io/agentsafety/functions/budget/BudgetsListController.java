package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetListApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.budget.api.BudgetPage;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.ServerProblems;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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

/**
 * GET /api/v1/safety/budgets?limit=&cursor=&breaker=: the budgets, newest first, each as GET /budget/{run_id} answers
 * it, paged with {@code next_cursor}. A thin shell over the shared {@link BudgetListApi}.
 */
@Controller("/api/v1/safety/budgets")
public class BudgetsListController {

    private final BudgetListApi api;

    public BudgetsListController(BudgetListApi api) {
        this.api = api;
    }

    @Operation(operationId = "budgetList", summary = "Run budgets, newest first, paged")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "200", defaultValue = "50"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of the previous page", schema = @Schema(implementation = String.class))
    @Parameter(name = "breaker", in = ParameterIn.QUERY, description = "only budgets whose breaker is open or closed", schema = @Schema(implementation = String.class, allowableValues = {"open", "closed"}))
    @ApiResponse(responseCode = "200", description = "One page", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = BudgetPage.class)))
    @ApiResponse(responseCode = "400", description = "A bad, repeated or unknown query parameter (each named in errors)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ServerProblems
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> list(HttpRequest<?> request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> query.put(name, List.copyOf(values)));
        return BudgetResponses.of(api.list(query));
    }
}
