package io.agentsafety.budget;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault tests signal a redis-server found by its port: a port that is a prefix of another's must not match it. */
class RedisProcessTest {

    @Test
    void thePortIsMatchedWhole() {
        assertTrue(RedisProcess.listensOn("/tmp/redis-server-7.2 127.0.0.1:4012 ", 4012));
        assertTrue(RedisProcess.listensOn("redis-server *:4012", 4012));
        assertTrue(RedisProcess.listensOn("redis-server 127.0.0.1:40123 [cluster] 127.0.0.1:4012", 4012));
        assertFalse(RedisProcess.listensOn("redis-server 127.0.0.1:40123", 4012), "another server's longer port");
        assertFalse(RedisProcess.listensOn("java -jar app.jar --port :4012", 4012), "not a redis-server");
    }
}
