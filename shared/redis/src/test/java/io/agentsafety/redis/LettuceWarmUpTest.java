package io.agentsafety.redis;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LettuceWarmUpTest {

    @Test
    void startsOnlyForAFunctionWithARedisEndpoint() {
        Properties none = new Properties();
        assertTrue(LettuceWarmUp.redisConfigured(Map.of("REDIS_URI", "redis://cache:6379"), none));
        assertTrue(LettuceWarmUp.redisConfigured(Map.of("REDIS_HOST", "cache"), none));
        Properties host = new Properties();
        host.setProperty("redis.host", "cache");
        assertTrue(LettuceWarmUp.redisConfigured(Map.of(), host));
        assertFalse(LettuceWarmUp.redisConfigured(Map.of(), none));
        assertFalse(LettuceWarmUp.redisConfigured(Map.of("REDIS_URI", " "), none));
    }

    @Test
    void fillsTheMethodTranslatorCacheThatEveryConnectionsSyncApiUses() throws InterruptedException {
        Thread warm = LettuceWarmUp.start();
        warm.join(30_000);
        assertFalse(warm.isAlive());
        // a connection's constructor asks for exactly this key (its async class, these interfaces): a cache hit
        assertSame(LettuceWarmUp.SyncApiCaches.translator(), LettuceWarmUp.SyncApiCaches.translator());
    }
}
