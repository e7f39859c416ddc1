package io.agentsafety.redis;

import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.StatefulConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocker of an earlier attempt: a Lambda context (eager singletons) must start with Redis down, fail each
 * use fast, and use Redis once it is back; and a checkpoint must leave no connection open.
 */
class LazyConnectionTest {

    private static final Duration T = Duration.ofMillis(1500);

    @SuppressWarnings("unchecked")
    private static String ping(StatefulConnection<String, String> connection) {
        return ((StatefulRedisConnection<String, String>) connection).sync().ping();
    }

    @Test
    void aLambdaContextStartsWithRedisDownAndConnectsWhenRedisIsBack() {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        redis.stop();
        try (ApplicationContext context = RedisEndpointTest.lambdaContext(Map.of("redis.uri", redis.uri()))) {
            LazyConnection connection = context.getBean(RedisConnector.class).connection();
            assertThrows(RedisException.class, () -> connection.await(T));
            // each use tries again, and fails again, fast (the first also loads the client's classes)
            long start = System.nanoTime();
            assertThrows(RedisException.class, () -> connection.await(T));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "a refused connection fails fast");
            redis.start();
            assertEquals("PONG", ping(connection.await(T)));
        } finally {
            redis.stop();
        }
    }

    @Test
    void aFunctionWithRedisSettingsHasAClientButNoConnectionBean() {
        // nothing listens on 127.0.0.1:<free port>; the context starts all the same and opens no connection
        try (ApplicationContext context = RedisEndpointTest.lambdaContext(Map.of("redis.port", EmbeddedRedis.freePort()))) {
            assertTrue(context.containsBean(RedisClient.class));
            assertTrue(context.getBeanDefinitions(StatefulRedisConnection.class).isEmpty(), "no connection bean");
            assertThrows(RedisException.class, () -> context.getBean(RedisConnector.class).connection().await(T));
        }
    }

    @Test
    void aFunctionWithoutRedisSettingsHasNoRedisClient() {
        // redact, sandbox-health, sandbox-sweeper: beans that could use Redis exist, no client, every use fails closed
        try (ApplicationContext context = RedisEndpointTest.lambdaContext(Map.of())) {
            assertFalse(context.containsBean(RedisClient.class));
            assertFalse(context.containsBean(io.micronaut.configuration.lettuce.AbstractRedisConfiguration.class));
            RedisException e = assertThrows(RedisException.class, () -> context.getBean(RedisConnector.class).connection().await(T));
            assertTrue(e.getMessage().contains("no Redis is configured"));
        }
    }

    @Test
    void beforeCheckpointClosesConnectionsAndAfterRestoreTheNextCallReconnects() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        try (ApplicationContext context = RedisEndpointTest.lambdaContext(Map.of("redis.uri", redis.uri()))) {
            LazyConnection connection = context.getBean(RedisConnector.class).connection();
            StatefulConnection<String, String> before = connection.await(T);
            assertEquals("PONG", ping(before));

            // the resources micronaut-crac registers with org.crac, in its order (this one, and its own)
            List<OrderedResource> resources = List.copyOf(context.getBeansOfType(OrderedResource.class));
            assertTrue(resources.stream().anyMatch(r -> r instanceof RedisCheckpoint));
            for (OrderedResource resource : resources) {
                resource.beforeCheckpoint(null);
            }
            assertFalse(before.isOpen(), "no socket in the snapshot");
            for (OrderedResource resource : resources) {
                resource.afterRestore(null);
            }
            StatefulConnection<String, String> after = connection.await(T);
            assertTrue(after != before && after.isOpen());
            assertEquals("PONG", ping(after));
        } finally {
            redis.stop();
        }
    }
    @Test
    void aWarmUpConnectsOffTheCallersThreadAndACheckpointRightAfterItLeavesNoConnectionOpen() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        try (ApplicationContext context = RedisEndpointTest.lambdaContext(Map.of("redis.uri", redis.uri()))) {
            LazyConnection connection = context.getBean(RedisConnector.class).connection();
            connection.warmUp("test-connect");
            assertEquals(1, redis.clientsEventually(1), "the warm-up connects without a command");
            StatefulConnection<String, String> warmed = connection.await(T);
            assertEquals("PONG", ping(warmed));
            assertTrue(connection.await(T) == warmed, "the first command uses the warm-up's connection");

            // a checkpoint right after a warm-up started: the hook waits for it, so its connection is closed too
            List<OrderedResource> resources = List.copyOf(context.getBeansOfType(OrderedResource.class));
            for (int i = 0; i < 5; i++) {
                connection.warmUp("test-connect");
                for (OrderedResource resource : resources) {
                    resource.beforeCheckpoint(null);
                }
                assertEquals(0, redis.clientsEventually(0), "no connection is left open in the snapshot");
            }
            assertEquals("PONG", ping(connection.await(T)), "the next command reconnects");
        } finally {
            redis.stop();
        }
    }
}
