package io.agentsafety.budget;

import io.agentsafety.core.Problem;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/**
 * Turns an {@link ApiResult} into the HTTP answer, with {@code Idempotent-Replayed: true} on replays;
 * problem documents (402 refusals) go out as {@code application/problem+json}, never cached, like every
 * other error of the service.
 */
public final class BudgetResponses {

    private BudgetResponses() {
    }

    public static HttpResponse<?> of(ApiResult result) {
        MutableHttpResponse<Object> response = HttpResponse.status(HttpStatus.valueOf(result.status()));
        if (result.body() != null) {
            response.body(result.body());
            if (result.problem()) {
                response.contentType(Problem.MEDIA_TYPE).header("Cache-Control", "no-store");
            } else {
                response.contentType(MediaType.APPLICATION_JSON_TYPE);
            }
        }
        if (result.replayed()) {
            response.header(ApiResult.REPLAY_HEADER, "true");
        }
        return response;
    }
}
