package io.agentsafety.redis;

import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.StatefulConnection;
import io.micronaut.context.ApplicationContext;
import io.netty.resolver.DefaultAddressResolverGroup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Both ways a function builds a Lettuce client (the framework's client bean through {@link LambdaClientResources},
 * and {@link RedisConnector}'s own) resolve host names with the JDK, not Netty's DNS client (COLD-START.md, cold14),
 * and a host name still reaches the server.
 */
class NameResolutionTest {

    private static final Duration T = Duration.ofMillis(1500);

    @SuppressWarnings("unchecked")
    private static String ping(StatefulConnection<String, String> connection) {
        return ((StatefulRedisConnection<String, String>) connection).sync().ping();
    }

    @Test
    void theFrameworkClientResolvesWithTheJdkAndReachesRedisByName() {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        try (ApplicationContext context = RedisEndpointTest.lambdaContext(Map.of("redis.uri", "redis://localhost:" + redis.port()))) {
            assertSame(DefaultAddressResolverGroup.INSTANCE, context.getBean(RedisClient.class).getResources().addressResolverGroup());
            assertEquals("PONG", ping(context.getBean(RedisConnector.class).connection().await(T)));
        } finally {
            redis.stop();
        }
    }

    @Test
    void theOwnConnectorResolvesWithTheJdkAndReachesRedisByName() {
        io.lettuce.core.resource.ClientResources resources = RedisConnector.resources();
        assertSame(DefaultAddressResolverGroup.INSTANCE, resources.addressResolverGroup());
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        try (RedisConnector connector = RedisConnector.standalone(RedisURI.create("redis://localhost:" + redis.port()), T)) {
            assertEquals("PONG", ping(connector.connection().await(T)));
        } finally {
            redis.stop();
        }
    }
}
