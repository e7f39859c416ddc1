package io.agentsafety.redis;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.context.env.Environment;

/**
 * A function uses Redis when some {@code redis.*} setting is present (besides {@code redis.enabled}, which
 * {@link FrameworkDefaultsOff} sets everywhere): {@code REDIS_URI}/{@code REDIS_HOST}… from the environment, or
 * the {@code redis.host} default in the function/application.yml of each function that uses Redis. Functions without
 * (redact, sandbox-health, sandbox-sweeper) get no Redis client at all.
 */
public final class RedisConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        if (!(context.getBeanContext() instanceof io.micronaut.context.ApplicationContext app)) {
            return false;
        }
        Environment env = app.getEnvironment();
        return env.getPropertyEntries("redis").stream().anyMatch(key -> !key.equals("enabled"));
    }
}
