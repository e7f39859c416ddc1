package io.agentsafety.redis;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/**
 * Cluster mode: {@code safety.redis.cluster}, else the budget's historical {@code safety.budget.redis.cluster}
 * (the same fallback as {@link RedisSettings}).
 */
public final class ClusterMode implements Condition {

    static boolean on(PropertyResolver properties) {
        return properties.getProperty("safety.redis.cluster", Boolean.class)
            .or(() -> properties.getProperty("safety.budget.redis.cluster", Boolean.class))
            .orElse(false);
    }

    @Override
    public boolean matches(ConditionContext context) {
        return on(context);
    }

    /** The opposite: one standalone client. */
    public static final class Off implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return !on(context);
        }
    }
}
