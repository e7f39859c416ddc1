package io.agentsafety.sandbox.e2b;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(60));

    @Test
    void rateLimitOnlyWithAnIntegerRetryAfter() {
        assertEquals(Duration.ofSeconds(2), policy.delay(429, "2", 0, false, 0));
        assertEquals(Duration.ZERO, policy.delay(429, "0", 0, false, 0));
        assertNull(policy.delay(429, null, 0, false, 0), "the concurrency limit is not retried blindly");
        assertNull(policy.delay(429, "Wed, 21 Oct 2015 07:28:00 GMT", 0, false, 0), "HTTP-date is not retried");
        assertNull(policy.delay(429, "-1", 0, false, 0));
        assertNull(policy.delay(429, "1.5", 0, false, 0));
    }

    @Test
    void busyIsRetriedOnEveryCallServerErrorsOnlyOnIdempotentOnes() {
        assertEquals(Duration.ofMillis(250), policy.delay(503, null, 0, false, 0));
        assertEquals(Duration.ofMillis(1000), policy.delay(503, null, 2, false, 0));
        assertEquals(Duration.ofSeconds(5), policy.delay(503, "5", 1, false, 0));
        assertNull(policy.delay(500, null, 0, false, 0), "a create that failed with 500 may exist: no blind retry");
        assertEquals(Duration.ofMillis(500), policy.delay(502, null, 1, true, 0));
        assertEquals(Duration.ofMillis(250), policy.delay(-1, null, 0, true, 0));
        assertNull(policy.delay(-1, null, 0, false, 0));
        assertNull(policy.delay(400, null, 0, true, 0));
        assertNull(policy.delay(401, null, 0, true, 0));
        assertNull(policy.delay(404, null, 0, true, 0));
    }

    @Test
    void boundedByCountAndBudget() {
        assertNull(policy.delay(503, null, 3, true, 0));
        assertNull(policy.delay(429, "10", 0, false, 55_000), "would pass the call's budget");
        assertEquals(RetryPolicy.CAP, RetryPolicy.backoff(30));
    }
}
