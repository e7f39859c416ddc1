package io.agentsafety.sandbox.e2b;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/**
 * Whether an E2B API key is configured: the property {@code e2b.api-key}, which is where Micronaut puts the
 * SDK's environment variable {@code E2B_API_KEY}. A blank value (a template that declares the variable with
 * an empty default) counts as absent, so exactly one of {@link Present} and {@link Absent} holds and exactly
 * one backend bean exists: {@code @Requires(condition = E2bApiKey.Absent.class)} on the local backend.
 */
public final class E2bApiKey {

    public static final String PROPERTY = "e2b.api-key";

    private E2bApiKey() {
    }

    public static boolean configured(PropertyResolver properties) {
        return properties.getProperty(PROPERTY, String.class).map(v -> !v.isBlank()).orElse(false);
    }

    /** The E2B backend applies. */
    public static final class Present implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return configured(context);
        }
    }

    /** No E2B key: the local backend applies. */
    public static final class Absent implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return !configured(context);
        }
    }
}
