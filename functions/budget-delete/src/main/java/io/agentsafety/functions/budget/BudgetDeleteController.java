package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;

/** DELETE /api/v1/safety/budget/{run_id}: 204, 404 if absent. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetDeleteController {

    private final BudgetApi api;

    public BudgetDeleteController(BudgetApi api) {
        this.api = api;
    }

    @Delete(uri = "/{run_id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> delete(@PathVariable("run_id") String runId) {
        return BudgetResponses.of(api.delete(runId));
    }
}
