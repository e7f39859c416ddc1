package io.agentsafety.audit;

import io.agentsafety.testing.EmbeddedRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit connection opens on a second thread at start (RedisAuditLog's warm-up); a checkpoint must find it
 * closed whatever the order of the hooks, and the restored instance writes again.
 */
class AuditCheckpointTest {

    private static EmbeddedRedis redis;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.startNew();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void theWarmUpConnectsOffTheMainThreadAndACheckpointLeavesNoConnectionOpen() throws Exception {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("redis.uri", redis.uri(), "micronaut.application.name", "audit-test",
                    "safety.audit.stream", "test:checkpoint"))
                .start()) {
            AuditLog log = context.getBean(AuditLog.class);
            assertEquals(1, redis.clientsEventually(1), "the warm-up connects without a write");
            assertEquals(List.of(context.getBean(AuditRedis.class)), context.getBean(AuditCheckpoint.class).tracked());

            // the hooks in both orders: the audit's last (as shared/redis's closes first) and first
            List<OrderedResource> resources = List.copyOf(context.getBeansOfType(OrderedResource.class));
            assertTrue(resources.stream().anyMatch(r -> r instanceof AuditCheckpoint));
            for (OrderedResource resource : resources) {
                resource.beforeCheckpoint(null);
            }
            assertEquals(0, redis.clientsEventually(0), "no connection is left open in the snapshot");
            for (OrderedResource resource : resources) {
                resource.afterRestore(null);
            }
            assertTrue(log.append(AuditEntry.of(AuditType.POLICY_DECISION).decisionId("dec_cp").verdict("allow")
                .build()).written(), "the restored instance reconnects on its first write");

            context.getBean(AuditRedis.class).warmUp();
            context.getBean(AuditCheckpoint.class).beforeCheckpoint(null);
            assertEquals(0, redis.clientsEventually(0), "a warm-up under way when the hook runs is closed too");
        }
    }

    /**
     * micronaut-crac creates every checkpoint hook when the context starts; the audit's must not build the audit's
     * Redis client then (cold8's did, through its dependency on AuditRedis): a context that never audits starts
     * even with an audit setting that would fail AuditRedis, and no AuditRedis exists after the start.
     */
    @Test
    void aContextThatNeverAuditsCreatesNoAuditRedis() {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("redis.uri", redis.uri(), "safety.audit.command-timeout", "0s"))
                .start()) {
            assertFalse(context.getActiveBeanRegistrations(AuditCheckpoint.class).isEmpty(),
                "the hook was created at startup (micronaut-crac's registration), so this test sees its dependencies");
            assertTrue(context.getActiveBeanRegistrations(AuditRedis.class).isEmpty(), "no audit Redis at start");
            assertTrue(context.getBean(AuditCheckpoint.class).tracked().isEmpty());
            Throwable error = assertThrows(RuntimeException.class, () -> context.getBean(AuditRedis.class));
            while (error.getCause() != null) {
                error = error.getCause();
            }
            assertEquals("safety.audit.command-timeout must be a positive duration", error.getMessage(),
                "the setting is bad, so creating AuditRedis at start would have failed the start");
        }
    }
}
