package io.agentsafety.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.internal.AbstractInvocationHandler;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Fills Lettuce's process-wide caches for its synchronous API on a second thread while the framework starts. Every
 * connection Lettuce opens ({@code StatefulRedisConnectionImpl}'s constructor, also for a cluster's node connections)
 * builds the sync API proxy, whether or not it is used: the first one maps the ~450 methods of {@link RedisCommands}
 * to their async twins by reflection ({@code MethodTranslator}, cached per class) and generates the proxy class
 * (cached per class loader and interfaces). Measured as 47 of budget-spend's 233 main-thread start samples, paid on
 * the main thread when the audit connection starts opening ({@code AuditRedis.warmUp}); the connection itself is
 * still opened where it was. Only caches are filled here: no connection, socket or client, so nothing of it can
 * end up in a SnapStart/CRaC snapshot that should not. A failure leaves the caches to the first connection, as
 * before.
 */
public final class LettuceWarmUp implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        if (redisConfigured(System.getenv(), System.getProperties())) {
            start();
        }
    }

    /** A function that reaches Redis has its endpoint in the environment (template) or in system properties. */
    static boolean redisConfigured(Map<String, String> env, java.util.Properties properties) {
        return present(env.get("REDIS_URI")) || present(env.get("REDIS_HOST"))
            || present(properties.getProperty("redis.uri")) || present(properties.getProperty("redis.host"));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    static Thread start() {
        Thread warm = new Thread(LettuceWarmUp::fillCaches, "lettuce-warm-up");
        warm.setDaemon(true);
        warm.start();
        return warm;
    }

    /** What {@code RedisChannelHandler.syncHandler} computes for a standalone connection, minus the connection. */
    static void fillCaches() {
        try {
            SyncApiCaches.translator();
            Proxy.newProxyInstance(AbstractRedisClient.class.getClassLoader(), SyncApiCaches.SYNC_API, new SyncApiCaches());
        } catch (RuntimeException | LinkageError e) {
            // the first connection fills them itself
        }
    }

    /** A subclass only to reach Lettuce's protected {@code MethodTranslator}; also the (never called) proxy handler. */
    static final class SyncApiCaches extends AbstractInvocationHandler {

        /** The interfaces and async class a standalone connection's sync API is built from. */
        static final Class<?>[] SYNC_API = {RedisCommands.class, RedisClusterCommands.class};

        static Object translator() {
            return MethodTranslator.of(RedisAsyncCommandsImpl.class, SYNC_API);
        }

        @Override
        protected Object handleInvocation(Object proxy, Method method, Object[] args) {
            return null;
        }
    }
}
