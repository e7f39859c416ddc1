package io.agentsafety.redis;

import io.lettuce.core.RedisURI;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * REDIS_URI / REDIS_HOST / REDIS_PORT / REDIS_DB / REDIS_PASSWORD as the framework binds them ({@code redis.*}) plus
 * {@link RedisEndpointRules}, in a context that initialises everything eagerly as a Lambda context does (and so
 * proves that nothing connects at start: none of these hosts exists).
 */
class RedisEndpointTest {

    private static final Duration T = Duration.ofMillis(1500);

    static ApplicationContext lambdaContext(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("safety.redis.command-timeout", "1500ms");
        return ApplicationContext.builder().properties(all).environmentPropertySource(false)
            .eagerInitSingletons(true).eagerInitConfiguration(true).start();
    }

    private static RedisURI endpoint(Map<String, Object> properties) {
        try (ApplicationContext context = lambdaContext(properties)) {
            return RedisEndpointRules.endpoint(context.getBean(AbstractRedisConfiguration.class));
        }
    }

    @Test
    void uriWithPasswordAndTlsWins() {
        RedisURI uri = endpoint(Map.of("redis.uri", "rediss://:s3cret@cache.example.internal:6380/2",
            "redis.host", "ignored", "redis.port", 1, "redis.db", 5, "redis.password", "other"));
        assertTrue(uri.isSsl());
        assertEquals("cache.example.internal", uri.getHost());
        assertEquals(6380, uri.getPort());
        assertEquals(2, uri.getDatabase());
        assertArrayEquals("s3cret".toCharArray(), uri.getPassword());
        assertEquals(T, uri.getTimeout());
    }

    @Test
    void credentialFreeTlsUriTakesTheSeparatePassword() {
        // the template's shape: REDIS_URI=rediss://host:port, the AUTH token from Secrets Manager as redis.password
        RedisURI uri = endpoint(Map.of("redis.uri", "rediss://cache.example.internal:6379", "redis.password", "auth-token-1"));
        assertTrue(uri.isSsl());
        assertEquals("cache.example.internal", uri.getHost());
        assertArrayEquals("auth-token-1".toCharArray(), uri.getPassword());
        assertEquals(T, uri.getTimeout());
    }

    @Test
    void hostPortDbPasswordWhenNoUri() {
        RedisURI uri = endpoint(Map.of("redis.host", "10.0.0.5", "redis.port", 6390, "redis.db", 3, "redis.password", "pw"));
        assertFalse(uri.isSsl());
        assertEquals("10.0.0.5", uri.getHost());
        assertEquals(6390, uri.getPort());
        assertEquals(3, uri.getDatabase());
        assertArrayEquals("pw".toCharArray(), uri.getPassword());
        assertEquals(T, uri.getTimeout());
    }

    @Test
    void aBlankUriFallsBackToHostAndPort() {
        // the template passes REDIS_URI='' when no Redis endpoint is given
        RedisURI uri = endpoint(Map.of("redis.uri", "", "redis.host", "10.0.0.6", "redis.port", 6391));
        assertEquals("10.0.0.6", uri.getHost());
        assertEquals(6391, uri.getPort());
    }

    @Test
    void localRedisByDefaultAndOtherSchemesRefused() {
        // only a blank REDIS_URI: the function is a Redis user (so is one whose application.yml names redis.host)
        RedisURI uri = endpoint(Map.of("redis.uri", ""));
        assertEquals("127.0.0.1", uri.getHost());
        assertEquals(6379, uri.getPort());
        assertNull(uri.getPassword());
        RuntimeException e = assertThrows(RuntimeException.class,
            () -> endpoint(Map.of("redis.uri", "http://user:pw@host")));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("pw"), "the message never repeats the URI: " + t.getMessage());
        }
    }
}
