package io.agentsafety.audit;

import io.agentsafety.testing.EmbeddedRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis audit log against a real Redis: what is stored, redaction, caps, and failures that never throw. */
class RedisAuditLogTest {

    private static EmbeddedRedis redis;

    @BeforeAll
    static void start() {
        RealFormatSecrets.check();
        redis = EmbeddedRedis.startNew();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static ApplicationContext context(Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("redis.uri", redis.uri(),
            "micronaut.application.name", "audit-test"));
        properties.putAll(extra);
        return ApplicationContext.builder().properties(properties).start();
    }

    @Test
    void storesOneTypedJsonEntryWithEveryStringRedacted() {
        try (ApplicationContext context = context(Map.of("safety.audit.stream", "test:typed"));
             AuditTrail trail = new AuditTrail(redis.uri(), "test:typed")) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("command", RealFormatSecrets.command());
            params.put("password", RealFormatSecrets.PASSWORD);
            params.put(RealFormatSecrets.GITHUB_PAT, "a secret as a key");
            params.put("nested", Map.of("list", List.of("x".repeat(10_000), 42, true)));
            AuditWrite write = context.getBean(AuditLog.class).append(AuditEntry.of(AuditType.POLICY_DECISION)
                .decisionId("dec_1").runId(RealFormatSecrets.GITHUB_PAT).actor("bot " + RealFormatSecrets.STRIPE_KEY)
                .verdict("deny").rules(List.of("fs.delete_root", "net.metadata")).params(params)
                .detail(Map.of("reason", "aws_secret_access_key=" + RealFormatSecrets.AWS_SECRET_KEY))
                .build());
            assertTrue(write.written());

            List<AuditTrail.Stored> stored = trail.all();
            assertEquals(1, stored.size());
            assertEquals(write.id(), stored.get(0).id());
            JsonNode entry = stored.get(0).entry();
            assertEquals(1, entry.get("v").getIntValue());
            assertEquals("policy_decision", entry.get("type").getStringValue());
            assertEquals("audit-test", entry.get("function").getStringValue());
            assertEquals("deny", entry.get("verdict").getStringValue());
            assertEquals("fs.delete_root", entry.get("rules").get(0).getStringValue());
            assertFalse(entry.get("replayed").getBooleanValue());
            assertNotNull(entry.get("at"));
            assertTrue(entry.get("run_id").getStringValue().startsWith("[REDACTED:"), stored.get(0).raw());
            String longValue = entry.get("params").get("nested").get("list").get(0).getStringValue();
            assertTrue(longValue.length() < 4200 && longValue.endsWith("more characters]"), "long strings are bounded");
            assertEquals(42, entry.get("params").get("nested").get("list").get(1).getIntValue());
            assertEquals(1, trail.assertFreeOfSecrets(RealFormatSecrets.VALUES));
        }
    }

    /** Secrets that only another pair of the entry reveals (DocumentPassTest): the stored entry holds neither. */
    @Test
    void aSecretRecognisableOnlyFromAnotherPairIsNotStored() {
        String jwkScalar = "Vh3kQ9zLm2Xr7TbN4wPc8sYd1FgJ6uKa0eRoZiMxEqW";
        String secretData = "bE5NY1FtbjBRSFBr";
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("d", jwkScalar);
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("kind", "Secret");
        secret.put("data", Map.of("username", secretData));
        try (ApplicationContext context = context(Map.of("safety.audit.stream", "test:context"));
             AuditTrail trail = new AuditTrail(redis.uri(), "test:context")) {
            AuditLog log = context.getBean(AuditLog.class);
            for (Map<String, Object> body : List.of(jwk, secret)) {
                assertTrue(log.append(AuditEntry.of(AuditType.POLICY_DECISION).verdict("allow")
                    .params(Map.of("action_type", "http_request", "params", Map.of("body", body))).build()).written());
            }
            assertEquals(2, trail.assertFreeOfSecrets(List.of(jwkScalar, secretData)));
        }
    }

    @Test
    void streamIsCappedByLengthAndByAge() {
        try (AuditTrail admin = new AuditTrail(redis.uri())) {
            admin.redis().configSet("stream-node-max-entries", "1"); // exact trimming, for exact assertions
        }
        try (AuditTrail trail = new AuditTrail(redis.uri(), "test:age")) {
            trail.redis().xadd("test:age", new io.lettuce.core.XAddArgs().id("1000-0"), Map.of("e", "{\"type\":\"ancient\"}"));
            try (ApplicationContext context = context(Map.of("safety.audit.stream", "test:age", "safety.audit.retention", "1h"))) {
                assertTrue(context.getBean(AuditLog.class).append(AuditEntry.of(AuditType.BREAKER_CHANGE).build()).written());
            }
            List<AuditTrail.Stored> left = trail.all();
            assertEquals(1, left.size(), "the entry older than the retention is trimmed");
            assertEquals("breaker_change", left.get(0).text("type"));
        }
        try (ApplicationContext context = context(Map.of("safety.audit.stream", "test:len", "safety.audit.max-length", "30"));
             AuditTrail trail = new AuditTrail(redis.uri(), "test:len")) {
            AuditLog log = context.getBean(AuditLog.class);
            for (int i = 0; i < 100; i++) {
                assertTrue(log.append(AuditEntry.of(AuditType.BUDGET_MUTATION).verdict("n" + i).build()).written());
            }
            List<AuditTrail.Stored> left = trail.all();
            assertEquals(30, left.size());
            assertEquals("n99", left.get(left.size() - 1).text("verdict"));
            assertEquals("n70", left.get(0).text("verdict"));
        }
    }

    @Test
    void aStoppedOrStalledRedisIsReportedAndCountedNeverThrown() throws Exception {
        EmbeddedRedis own = EmbeddedRedis.startNew();
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of("redis.uri", own.uri(),
                "safety.audit.write-timeout", "200ms")).start();
             AuditTrail trail = new AuditTrail(own.uri())) {
            RedisAuditLog log = context.getBean(RedisAuditLog.class);
            assertTrue(log.append(AuditEntry.of(AuditType.POLICY_DECISION).verdict("allow").build()).written());

            // stalled: Redis accepts the command but answers only after 3 s; the append gives up at 200 ms
            trail.redis().clientPause(3000);
            long started = System.nanoTime();
            AuditWrite stalled = log.append(AuditEntry.of(AuditType.POLICY_DECISION).verdict("deny").build());
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertFalse(stalled.written());
            assertTrue(waitedMillis < 2500, "the append was bounded by the write timeout, waited " + waitedMillis + " ms");
            assertEquals(1, log.failures());

            own.stop();
            assertFalse(log.append(AuditEntry.of(AuditType.POLICY_DECISION).verdict("deny").build()).written());
            assertEquals(2, log.failures());
        } finally {
            own.close();
        }
    }

    /** appendLater inside a batch: held until the thread's next append, then stored before it; close writes the rest. */
    @Test
    void aBatchHoldsLaterEntriesUntilTheNextAppendAndWritesThemFirst() {
        try (ApplicationContext context = context(Map.of("safety.audit.stream", "test:batch"));
             AuditTrail trail = new AuditTrail(redis.uri(), "test:batch")) {
            AuditLog log = context.getBean(AuditLog.class);
            AuditWrite decision;
            try (AuditBatch batch = log.openBatch()) {
                try (AuditBatch nested = log.openBatch()) {
                    assertSame(AuditBatch.NONE, nested, "a nested batch joins the open one");
                    log.appendLater(AuditEntry.of(AuditType.APPROVAL_TRANSITION).verdict("pending")
                        .actor("bot " + RealFormatSecrets.STRIPE_KEY).build());
                }
                log.appendLater(AuditEntry.of(AuditType.APPROVAL_TRANSITION).verdict("used").build());
                assertEquals(0, trail.all().size(), "held until the next append, even past a nested close");
                decision = log.append(AuditEntry.of(AuditType.POLICY_DECISION).verdict("require_approval").build());
                assertTrue(decision.written());
                log.appendLater(AuditEntry.of(AuditType.APPROVAL_TRANSITION).verdict("expired").build());
                assertEquals(3, trail.all().size());
            }
            List<AuditTrail.Stored> stored = trail.all();
            assertEquals(List.of("pending", "used", "require_approval", "expired"), stored.stream().map(e -> e.text("verdict")).toList(),
                "held entries first, in order; the one left when the batch closed last");
            assertEquals(decision.id(), stored.get(2).id(), "the append's write names its own entry");
            assertEquals(4, trail.assertFreeOfSecrets(RealFormatSecrets.VALUES));

            log.appendLater(AuditEntry.of(AuditType.APPROVAL_TRANSITION).verdict("denied").build());
            assertEquals(5, trail.all().size(), "without a batch appendLater writes at once");
        }
    }

    /** Redis down: every entry of the flush is counted as failed, and neither the append nor the close throws. */
    @Test
    void aBatchWithRedisDownCountsEachEntryAndNeverThrows() throws Exception {
        EmbeddedRedis own = EmbeddedRedis.startNew();
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of("redis.uri", own.uri(),
                "safety.audit.write-timeout", "200ms")).start()) {
            RedisAuditLog log = context.getBean(RedisAuditLog.class);
            log.append(AuditEntry.of(AuditType.POLICY_DECISION).verdict("allow").build()); // connects (cold: may time out)
            long before = log.failures();
            own.stop();
            try (AuditBatch batch = log.openBatch()) {
                log.appendLater(AuditEntry.of(AuditType.APPROVAL_TRANSITION).verdict("pending").build());
                assertEquals(before, log.failures(), "held, not yet written");
                assertFalse(log.append(AuditEntry.of(AuditType.POLICY_DECISION).verdict("require_approval").build()).written());
                assertEquals(before + 2, log.failures());
                log.appendLater(AuditEntry.of(AuditType.APPROVAL_TRANSITION).verdict("used").build());
            }
            assertEquals(before + 3, log.failures(), "the entry left at close is written (here: counted as failed) then");
        } finally {
            own.close();
        }
    }
}
