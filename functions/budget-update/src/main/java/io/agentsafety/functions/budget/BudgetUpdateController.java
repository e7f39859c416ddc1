package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.core.BodyLimitFilter;
import io.agentsafety.core.JsonContentType;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;

/** PATCH /api/v1/safety/budget/{run_id}: change the limit, close (or open) the circuit breaker. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetUpdateController {

    private final BudgetApi api;
    private final BodyLimitFilter bodyLimit;

    public BudgetUpdateController(BudgetApi api, BodyLimitFilter bodyLimit) {
        this.api = api;
        this.bodyLimit = bodyLimit;
    }

    @Patch(uri = "/{run_id}", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> update(@PathVariable("run_id") String runId, @Body byte[] body) {
        bodyLimit.check(body);
        return BudgetResponses.of(api.update(runId, body));
    }
}
