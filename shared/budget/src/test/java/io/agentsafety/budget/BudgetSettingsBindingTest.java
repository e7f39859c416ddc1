package io.agentsafety.budget;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BudgetSettings} and {@link AlertSettings} bound by Micronaut: every documented key (README tables) under its
 * property name and as an environment variable, the defaults, and the startup errors.
 */
class BudgetSettingsBindingTest {

    private static ApplicationContext properties(Map<String, Object> values) {
        return ApplicationContext.run(values);
    }

    private static ApplicationContext environment(Map<String, Object> variables) {
        return ApplicationContext.builder()
            .propertySources(PropertySource.of("env", variables, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
            .start();
    }

    private static Throwable root(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void withoutConfigurationTheDefaultsApply() {
        try (ApplicationContext context = properties(Map.of())) {
            BudgetSettings settings = context.getBean(BudgetSettings.class);
            assertEquals(BudgetSettings.defaults(), settings);
            assertEquals(604800, settings.ttlSeconds());
            assertEquals(86400, settings.idempotencyTtlSeconds());
            assertEquals(Duration.ofSeconds(2), settings.commandTimeout());
            assertEquals(300, settings.reservationDefaultTtlSeconds());
            assertEquals(86400, settings.reservationMaxTtlSeconds());
            assertEquals("safety:events", settings.eventStream());
            assertEquals(10000, settings.eventStreamMaxLength());
            assertEquals(0, settings.replicaAcknowledgements(), "off by default: a write is acknowledged by the master alone");
            assertEquals(Duration.ofMillis(500), settings.replicaAcknowledgementTimeout());

            AlertSettings alerts = context.getBean(AlertSettings.class);
            assertNull(alerts.webhookUrl());
            assertNull(alerts.webhookSecret());
            assertEquals(8, alerts.maxAttempts());
            assertEquals(Duration.ofSeconds(5), alerts.timeout());
            assertEquals(Duration.ofSeconds(30), alerts.retryAfter());
            assertEquals(100, alerts.batch());
            assertEquals(Duration.ofSeconds(40), alerts.runTime());
        }
    }

    @Test
    void everyBudgetKeyBindsFromProperties() {
        try (ApplicationContext context = properties(Map.of(
            "safety.budget.ttl-seconds", 7200,
            "safety.budget.idempotency-ttl-seconds", "600",
            "safety.budget.redis.command-timeout", "750ms",
            "safety.budget.reservation.default-ttl-seconds", 120,
            "safety.budget.reservation.max-ttl-seconds", 3600,
            "safety.budget.events.stream", "safety:events:p",
            "safety.budget.events.max-length", 500,
            "safety.budget.redis.replica-acknowledgements", 1,
            "safety.budget.redis.replica-acknowledgement-timeout", "300ms"))) {
            assertConfigured(context.getBean(BudgetSettings.class), "safety:events:p");
        }
    }

    @Test
    void everyBudgetKeyBindsFromEnvironmentVariables() {
        try (ApplicationContext context = environment(Map.of(
            "SAFETY_BUDGET_TTL_SECONDS", "7200",
            "SAFETY_BUDGET_IDEMPOTENCY_TTL_SECONDS", "600",
            "SAFETY_BUDGET_REDIS_COMMAND_TIMEOUT", "750ms",
            "SAFETY_BUDGET_RESERVATION_DEFAULT_TTL_SECONDS", "120",
            "SAFETY_BUDGET_RESERVATION_MAX_TTL_SECONDS", "3600",
            "SAFETY_BUDGET_EVENTS_STREAM", "safety:events:e",
            "SAFETY_BUDGET_EVENTS_MAX_LENGTH", "500",
            "SAFETY_BUDGET_REDIS_REPLICA_ACKNOWLEDGEMENTS", "1",
            "SAFETY_BUDGET_REDIS_REPLICA_ACKNOWLEDGEMENT_TIMEOUT", "300ms"))) {
            assertConfigured(context.getBean(BudgetSettings.class), "safety:events:e");
        }
    }

    private static void assertConfigured(BudgetSettings settings, String stream) {
        assertEquals(7200, settings.ttlSeconds());
        assertEquals(600, settings.idempotencyTtlSeconds());
        assertEquals(Duration.ofMillis(750), settings.commandTimeout());
        assertEquals(120, settings.reservationDefaultTtlSeconds());
        assertEquals(3600, settings.reservationMaxTtlSeconds());
        assertEquals(stream, settings.eventStream());
        assertEquals(500, settings.eventStreamMaxLength());
        assertEquals(1, settings.replicaAcknowledgements());
        assertEquals(Duration.ofMillis(300), settings.replicaAcknowledgementTimeout());
    }

    @Test
    void replicaAcknowledgementsNeedATimeoutShorterThanTheCommandTimeout() {
        String message = "safety.budget.redis.replica-acknowledgements must be >= 0, and when > 0 "
            + "safety.budget.redis.replica-acknowledgement-timeout positive and shorter than the command timeout";
        for (Map<String, Object> bad : List.of(
            Map.<String, Object>of("SAFETY_BUDGET_REDIS_REPLICA_ACKNOWLEDGEMENTS", "-1"),
            Map.<String, Object>of("SAFETY_BUDGET_REDIS_REPLICA_ACKNOWLEDGEMENTS", "1",
                "SAFETY_BUDGET_REDIS_REPLICA_ACKNOWLEDGEMENT_TIMEOUT", "0s"),
            Map.<String, Object>of("SAFETY_BUDGET_REDIS_REPLICA_ACKNOWLEDGEMENTS", "1",
                "SAFETY_BUDGET_REDIS_REPLICA_ACKNOWLEDGEMENT_TIMEOUT", "2s"))) {
            try (ApplicationContext context = environment(bad)) {
                Throwable error = root(assertThrows(RuntimeException.class, () -> context.getBean(BudgetSettings.class)));
                assertEquals(message, error.getMessage(), bad.toString());
            }
        }
        // 0 replicas: the timeout is not used, so any value is accepted
        try (ApplicationContext context = environment(Map.of("SAFETY_BUDGET_REDIS_REPLICA_ACKNOWLEDGEMENT_TIMEOUT", "5s"))) {
            assertEquals(0, context.getBean(BudgetSettings.class).replicaAcknowledgements());
        }
    }

    @Test
    void aBlankStreamIsTheDefaultStream() {
        try (ApplicationContext context = environment(Map.of("SAFETY_BUDGET_EVENTS_STREAM", " "))) {
            assertEquals("safety:events", context.getBean(BudgetSettings.class).eventStream());
        }
    }

    @Test
    void aShortTtlOrANonPositiveTimeoutFailsAtStartup() {
        try (ApplicationContext context = properties(Map.of("safety.budget.ttl-seconds", 59))) {
            Throwable error = root(assertThrows(RuntimeException.class, () -> context.getBean(BudgetSettings.class)));
            assertEquals("safety.budget.ttl-seconds must be >= 60 and the command timeout positive", error.getMessage());
        }
        try (ApplicationContext context = environment(Map.of("SAFETY_BUDGET_REDIS_COMMAND_TIMEOUT", "0s"))) {
            Throwable error = root(assertThrows(RuntimeException.class, () -> context.getBean(BudgetSettings.class)));
            assertEquals("safety.budget.ttl-seconds must be >= 60 and the command timeout positive", error.getMessage());
        }
    }

    @Test
    void everyAlertKeyBindsFromPropertiesAndEnvironmentVariables() {
        Map<String, Object> props = Map.of(
            "safety.budget.alerts.webhook-url", "https://hooks.example.com/budget",
            "safety.budget.alerts.webhook-secret", "s3cret",
            "safety.budget.alerts.max-attempts", 3,
            "safety.budget.alerts.timeout", "2s",
            "safety.budget.alerts.retry-after", "1m",
            "safety.budget.alerts.batch", 10,
            "safety.budget.alerts.run-time", "20s");
        Map<String, Object> env = Map.of(
            "SAFETY_BUDGET_ALERTS_WEBHOOK_URL", "https://hooks.example.com/budget",
            "SAFETY_BUDGET_ALERTS_WEBHOOK_SECRET", "s3cret",
            "SAFETY_BUDGET_ALERTS_MAX_ATTEMPTS", "3",
            "SAFETY_BUDGET_ALERTS_TIMEOUT", "2s",
            "SAFETY_BUDGET_ALERTS_RETRY_AFTER", "1m",
            "SAFETY_BUDGET_ALERTS_BATCH", "10",
            "SAFETY_BUDGET_ALERTS_RUN_TIME", "20s");
        try (ApplicationContext byProperty = properties(props); ApplicationContext byVariable = environment(env)) {
            for (ApplicationContext context : new ApplicationContext[]{byProperty, byVariable}) {
                AlertSettings alerts = context.getBean(AlertSettings.class);
                assertEquals(URI.create("https://hooks.example.com/budget"), alerts.webhookUrl());
                assertEquals("s3cret", alerts.webhookSecret());
                assertEquals(3, alerts.maxAttempts());
                assertEquals(Duration.ofSeconds(2), alerts.timeout());
                assertEquals(Duration.ofMinutes(1), alerts.retryAfter());
                assertEquals(10, alerts.batch());
                assertEquals(Duration.ofSeconds(20), alerts.runTime());
            }
        }
    }

    @Test
    void emptyWebhookValuesMeanNoWebhook() {
        // a template passes "" for an unset parameter
        try (ApplicationContext context = environment(Map.of(
            "SAFETY_BUDGET_ALERTS_WEBHOOK_URL", "", "SAFETY_BUDGET_ALERTS_WEBHOOK_SECRET", ""))) {
            AlertSettings alerts = context.getBean(AlertSettings.class);
            assertNull(alerts.webhookUrl());
            assertNull(alerts.webhookSecret());
        }
    }

    @Test
    void aWebhookWithoutSecretOrABadUrlFailsAtStartupWithoutEchoingTheUrl() {
        try (ApplicationContext context = environment(Map.of("SAFETY_BUDGET_ALERTS_WEBHOOK_URL", "https://hooks.example.com/a"))) {
            Throwable error = root(assertThrows(RuntimeException.class, () -> context.getBean(AlertSettings.class)));
            assertEquals("safety.budget.alerts.webhook-secret is required with safety.budget.alerts.webhook-url", error.getMessage());
        }
        try (ApplicationContext context = properties(Map.of(
            "safety.budget.alerts.webhook-url", "ftp://token-abc123@hooks.example.com/",
            "safety.budget.alerts.webhook-secret", "s3cret"))) {
            RuntimeException error = assertThrows(RuntimeException.class, () -> context.getBean(AlertSettings.class));
            assertEquals("safety.budget.alerts.webhook-url is not an http(s) URL", root(error).getMessage());
            for (Throwable t = error; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("token-abc123"), "the URL's token is never repeated");
            }
        }
        try (ApplicationContext context = properties(Map.of("safety.budget.alerts.batch", 1001))) {
            Throwable error = root(assertThrows(RuntimeException.class, () -> context.getBean(AlertSettings.class)));
            assertTrue(error.getMessage().startsWith("safety.budget.alerts.batch must be 1-1000"), error.getMessage());
        }
    }
}
