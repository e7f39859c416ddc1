package io.agentsafety.budget;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ledger's scripts derive their deadline from the connection's command timeout, so the connection must carry the
 * timeout the Redis client really uses ({@code safety.redis.command-timeout}, else the budget's historical key):
 * a deadline past the moment the caller gives up would let a spend apply after its 503.
 */
class LedgerTimeoutBindingTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "300ms, -,     PT0.3S",
        "-,     700ms, PT0.7S",
        "300ms, 5s,    PT0.3S",
        "-,     -,     PT2S",
    })
    void theLedgerConnectionCarriesTheClientsCommandTimeout(String redisTimeout, String budgetTimeout, String expected) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("redis.uri", "redis://127.0.0.1:1");   // never contacted: connections open on first use
        if (redisTimeout != null) {
            properties.put("safety.redis.command-timeout", redisTimeout);
        }
        if (budgetTimeout != null) {
            properties.put("safety.budget.redis.command-timeout", budgetTimeout);
        }
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            assertEquals(Duration.parse(expected), context.getBean(LedgerConnection.class).commandTimeout());
        }
    }
}
