package io.agentsafety.functions.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.ApplicationContext;

import java.time.Instant;

/**
 * When this invocation must have answered: the Lambda context's remaining time (the runtime registers the
 * current {@link Context} as a bean on every invoke). Null outside Lambda (no bound but the timeouts).
 */
final class LambdaDeadline {

    private LambdaDeadline() {
    }

    static Instant of(Context context) {
        if (context == null) {
            return null;
        }
        int remaining = context.getRemainingTimeInMillis();
        return remaining <= 0 ? null : Instant.now().plusMillis(remaining);
    }

    static Instant current(ApplicationContext applicationContext) {
        return of(applicationContext.findBean(Context.class).orElse(null));
    }
}
