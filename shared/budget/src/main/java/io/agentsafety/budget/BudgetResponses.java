package io.agentsafety.budget;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** Turns an {@link ApiResult} into the HTTP answer, with {@code Idempotent-Replayed: true} on replays. */
public final class BudgetResponses {

    private BudgetResponses() {
    }

    public static HttpResponse<?> of(ApiResult result) {
        MutableHttpResponse<Object> response = HttpResponse.status(HttpStatus.valueOf(result.status()));
        if (result.body() != null) {
            response.body(result.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        if (result.replayed()) {
            response.header(ApiResult.REPLAY_HEADER, "true");
        }
        return response;
    }
}
