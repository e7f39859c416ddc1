package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/** GET /api/v1/safety/budget/{run_id}: the budget status, 404 if absent. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetStatusController {

    private final BudgetApi api;

    public BudgetStatusController(BudgetApi api) {
        this.api = api;
    }

    @Get(uri = "/{run_id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> status(@PathVariable("run_id") String runId) {
        return BudgetResponses.of(api.status(runId));
    }
}
