package io.agentsafety.client;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.annotation.Introspected;

/** The client bean exists when {@code safety.client.url} is configured or {@code API_URL} is set. */
@Introspected
public final class BaseUrlConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        String env = System.getenv(SafetyClient.API_URL_ENV);
        return context.getProperty(SafetyClient.URL_PROPERTY, String.class).isPresent() || (env != null && !env.isBlank());
    }
}
