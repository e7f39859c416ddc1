package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetListApi;
import io.agentsafety.budget.BudgetResponses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

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

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> list(HttpRequest<?> request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> query.put(name, List.copyOf(values)));
        return BudgetResponses.of(api.list(query));
    }
}
