package io.agentsafety.redis;

import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Standalone connections (the framework's client bean and {@link RedisConnector}'s own) build the synchronous API
 * only on the first {@code sync()}, and {@link RedisAwait} answers, fails and times out as that API does.
 */
class LazySyncRedisClientTest {

    private static final Duration T = Duration.ofMillis(1500);
    private static EmbeddedRedis redis;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.startNew();
    }

    @AfterAll
    static void stop() {
        redis.stop();
    }

    @SuppressWarnings("unchecked")
    private static LazySyncRedisClient.LazySyncConnection<String, String> lazy(Object connection) {
        return assertInstanceOf(LazySyncRedisClient.LazySyncConnection.class, connection);
    }

    @Test
    void theFrameworkClientsConnectionsBuildTheSyncApiOnlyWhenAsked() {
        try (ApplicationContext context = RedisEndpointTest.lambdaContext(Map.of("redis.uri", "redis://127.0.0.1:" + redis.port()))) {
            assertInstanceOf(LazySyncRedisClient.class, context.getBean(RedisClient.class));
            var connection = lazy(context.getBean(RedisConnector.class).connection().await(T));
            assertEquals("PONG", new RedisAwait(connection).await(connection.async().ping()));
            assertFalse(connection.syncBuilt());
            assertEquals("PONG", connection.sync().ping());
            assertTrue(connection.syncBuilt());
            assertSame(connection.sync(), connection.sync());
        }
    }

    @Test
    void awaitAnswersFailsAndTimesOutAsTheSyncApi() {
        try (RedisConnector connector = RedisConnector.standalone(RedisURI.create("redis://127.0.0.1:" + redis.port()), T)) {
            var connection = lazy(connector.connection().await(T));
            RedisAwait await = new RedisAwait(connection);
            await.await(connection.async().set("lazy-sync:k", "v"));
            assertEquals("v", await.await(connection.async().get("lazy-sync:k")));
            assertFalse(connection.syncBuilt());

            String[] keys = {"lazy-sync:k"};
            RuntimeException viaSync = assertThrows(RuntimeException.class,
                () -> connection.sync().evalsha("0".repeat(40), ScriptOutputType.VALUE, keys));
            RuntimeException viaAwait = assertThrows(RuntimeException.class,
                () -> await.await(connection.async().evalsha("0".repeat(40), ScriptOutputType.VALUE, keys)));
            assertInstanceOf(RedisNoScriptException.class, viaAwait);
            assertSame(viaSync.getClass(), viaAwait.getClass());
            assertEquals(viaSync.getMessage(), viaAwait.getMessage());

            long start = System.nanoTime();
            // BLPOP blocks 3 s: the wait gives up at the command timeout (the client's options, 1.5 s), as sync() does
            assertThrows(RedisCommandTimeoutException.class, () -> await.await(connection.async().blpop(3, "lazy-sync:empty")));
            assertTrue(System.nanoTime() - start < Duration.ofMillis(2800).toNanos());
            assertThrows(RedisCommandTimeoutException.class, () -> connection.sync().blpop(3, "lazy-sync:empty2"));
        }
    }

    @Test
    void aConnectionOfTheOwnConnectorAlsoServesTheSyncApi() {
        try (RedisConnector connector = RedisConnector.standalone(RedisURI.create("redis://127.0.0.1:" + redis.port()), T)) {
            @SuppressWarnings("unchecked")
            var connection = (StatefulRedisConnection<String, String>) connector.connection().await(T);
            assertEquals("PONG", connection.sync().ping());
        }
    }
}
