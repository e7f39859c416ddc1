package io.agentsafety.budget;

import io.agentsafety.audit.AuditTrail;
import io.agentsafety.audit.AuditType;
import io.agentsafety.testing.EmbeddedRedis;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The audit stream of the shared embedded Redis, seen from a budget function's test: the entries a ledger
 * call left, by run and kind. Published in this module's test-jar with {@link BudgetFunctionFixture}.
 */
public final class BudgetAuditFixture implements AutoCloseable {

    private final AuditTrail trail = new AuditTrail(EmbeddedRedis.shared().uri());

    public AuditTrail trail() {
        return trail;
    }

    /** The budget_mutation entries of one operation on one run, oldest first. */
    public List<AuditTrail.Stored> mutations(String runId, String operation) {
        return trail.forRun(runId).stream()
            .filter(s -> AuditType.BUDGET_MUTATION.wireName().equals(s.text("type")))
            .filter(s -> operation.equals(s.entry().get("params").get("operation").getStringValue()))
            .toList();
    }

    /** The only entry of that operation on that run. */
    public AuditTrail.Stored mutation(String runId, String operation) {
        List<AuditTrail.Stored> found = mutations(runId, operation);
        assertEquals(1, found.size(), "one " + operation + " entry for " + runId);
        return found.get(0);
    }

    /** Entries of a kind for a run (threshold_event, breaker_change...), oldest first. */
    public List<AuditTrail.Stored> events(String runId, AuditType type) {
        return trail.forRun(runId).stream().filter(s -> type.wireName().equals(s.text("type"))).toList();
    }

    /** A stored number as plain text ("0.3"), for exact comparison. */
    public static String number(AuditTrail.Stored stored, String object, String field) {
        return stored.entry().get(object).get(field).getValue().toString();
    }

    @Override
    public void close() {
        trail.close();
    }
}
