package io.agentsafety.budget;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisEndpointTest {

    private static final Duration T = Duration.ofMillis(1500);

    @Test
    void uriWithPasswordAndTlsWins() {
        RedisURI uri = RedisEndpoint.resolve("rediss://:s3cret@cache.example.internal:6380/2", "ignored", 1, 5, "other", T);
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
        RedisURI uri = RedisEndpoint.resolve("rediss://cache.example.internal:6379", null, null, null, "auth-token-1", T);
        assertTrue(uri.isSsl());
        assertEquals("cache.example.internal", uri.getHost());
        assertArrayEquals("auth-token-1".toCharArray(), uri.getPassword());
        assertEquals(T, uri.getTimeout());
    }

    @Test
    void hostPortDbPasswordWhenNoUri() {
        RedisURI uri = RedisEndpoint.resolve("", "10.0.0.5", 6390, 3, "pw", T);
        assertFalse(uri.isSsl());
        assertEquals("10.0.0.5", uri.getHost());
        assertEquals(6390, uri.getPort());
        assertEquals(3, uri.getDatabase());
        assertArrayEquals("pw".toCharArray(), uri.getPassword());
    }

    @Test
    void localRedisByDefaultAndOtherSchemesRefused() {
        RedisURI uri = RedisEndpoint.resolve(null, null, null, null, null, T);
        assertEquals("127.0.0.1", uri.getHost());
        assertEquals(6379, uri.getPort());
        assertNull(uri.getPassword());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RedisEndpoint.resolve("http://user:pw@host", null, null, null, null, T));
        assertFalse(e.getMessage().contains("pw"), "the message never repeats the URI");
    }
}
