package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetResponses;
import io.agentsafety.core.BodyLimitFilter;
import io.agentsafety.core.JsonContentType;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/** POST /api/v1/safety/budget/release: give a reservation back. A thin shell over the shared {@link BudgetApi}. */
@Controller("/api/v1/safety/budget")
public class BudgetReleaseController {

    private final BudgetApi api;
    private final BodyLimitFilter bodyLimit;

    public BudgetReleaseController(BudgetApi api, BodyLimitFilter bodyLimit) {
        this.api = api;
        this.bodyLimit = bodyLimit;
    }

    @Post(uri = "/release", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> release(@Body byte[] body) {
        bodyLimit.check(body);
        return BudgetResponses.of(api.release(body));
    }
}
