package io.agentsafety.approvals;

import io.agentsafety.policy.ActionType;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings as Micronaut reads them; a wrong value stops startup with a message naming the key. */
class ApprovalSettingsTest {

    private static ApprovalSettings settings(Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
            return context.getBean(ApprovalSettings.class);
        }
    }

    @Test
    void defaultsAndPerTypeApprovers() {
        ApprovalSettings defaults = settings(Map.of());
        assertEquals(Duration.ofHours(1), defaults.ttl());
        assertEquals(1, defaults.requiredApprovers(ActionType.DEPLOY));
        ApprovalSettings custom = settings(Map.of("safety.approvals.required-approvers.deploy", 2,
            "safety.approvals.required-approvers.execute-code", "3", "safety.approvals.ttl", "15m"));
        assertEquals(2, custom.requiredApprovers(ActionType.DEPLOY));
        assertEquals(3, custom.requiredApprovers(ActionType.EXECUTE_CODE));
        assertEquals(Duration.ofMinutes(15), custom.ttl());
    }

    @Test
    void invalidValuesStopStartupNamingTheKey() {
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(
            Map.of("safety.approvals.required-approvers.deploi", 2),
            Map.of("safety.approvals.required-approvers.deploy", 0),
            Map.of("safety.approvals.webhook-url", "https://hooks.example.test/a"),
            Map.of("safety.approvals.ttl", "1s"))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> settings(bad));
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertTrue(root.getMessage().contains("safety.approvals."), root.getMessage());
        }
    }
}
