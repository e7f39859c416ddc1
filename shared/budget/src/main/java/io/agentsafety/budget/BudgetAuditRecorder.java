package io.agentsafety.budget;

import io.agentsafety.audit.AuditEntry;
import io.agentsafety.audit.AuditLog;
import io.agentsafety.audit.AuditType;
import io.agentsafety.core.Money;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one ledger call into audit entries: a {@code budget_mutation} (verdict = the ledger's outcome
 * code: ok, created, exists, deleted, insufficient_budget, circuit_open, not_found, idempotency_conflict...;
 * {@code replayed} for idempotent replays, a create repeated with the same parameters included), then one {@code threshold_event} per threshold crossed or
 * budget exceeded and one {@code breaker_change} per breaker opened or closed. Replays carry no events:
 * the script reported them once, with the original call. Parameters keep the ledger's names in
 * snake_case, money as exact decimals; the audit log redacts every string before writing.
 */
@Singleton
public class BudgetAuditRecorder {

    /** Ledger parameter → audit name, for the ones whose Java name says how they are stored. */
    private static final Map<String, String> RENAMED = Map.of(
        "micros", "amount",
        "limitMicros", "limit",
        "actualMicros", "actual_amount",
        "metadataJson", "metadata");

    private final AuditLog audit;
    private final JsonMapper json;

    public BudgetAuditRecorder(AuditLog audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    public void record(String operation, Map<String, Object> arguments, LedgerResult result) {
        String reservationId = (String) arguments.get("reservationId");
        if (reservationId == null && "reserve".equals(operation) && result.is(LedgerOutcome.CREATED)) {
            reservationId = result.reservation().id();
        }
        String runId = (String) arguments.get("runId");
        if (runId == null && reservationId != null) {
            runId = ReservationIds.runIdOf(reservationId);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("operation", operation);
        arguments.forEach((name, value) -> {
            if (value != null && !name.equals("runId") && !name.equals("reservationId")) {
                params.put(wireName(name), wireValue(name, value));
            }
        });
        BudgetSnapshot budget = result.snapshot();
        audit.append(AuditEntry.of(AuditType.BUDGET_MUTATION)
            .runId(runId)
            .reservationId(reservationId)
            .verdict(result.outcome().wireName())
            .replayed(result.replayed() || result.is(LedgerOutcome.EXISTS))
            .params(params)
            .detail(budget == null ? Map.of() : summary(budget))
            .build());
        if (result.replayed() || budget == null) {
            return;
        }
        for (String event : result.events()) {
            audit.append(event(event, budget, reservationId));
        }
    }

    private static AuditEntry event(String token, BudgetSnapshot budget, String reservationId) {
        Map<String, Object> detail = summary(budget);
        AuditEntry.Builder entry;
        if (token.startsWith("threshold:")) {
            detail.put("threshold", new BigDecimal(token.substring("threshold:".length())));
            entry = AuditEntry.of(AuditType.THRESHOLD_EVENT).verdict("threshold_crossed");
        } else if (token.equals("exceeded")) {
            entry = AuditEntry.of(AuditType.THRESHOLD_EVENT).verdict("exceeded");
        } else if (token.startsWith("circuit_")) {
            entry = AuditEntry.of(AuditType.BREAKER_CHANGE).verdict(token.substring("circuit_".length()));
        } else {
            entry = AuditEntry.of(AuditType.THRESHOLD_EVENT).verdict(token);
        }
        return entry.runId(budget.runId()).reservationId(reservationId).detail(detail).build();
    }

    private static Map<String, Object> summary(BudgetSnapshot budget) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("limit", Money.toDecimal(budget.limitMicros()));
        out.put("spent", Money.toDecimal(budget.spentMicros()));
        out.put("reserved", Money.toDecimal(budget.reservedMicros()));
        out.put("currency", budget.currency());
        out.put("circuit_open", budget.circuitOpen());
        return out;
    }

    private Object wireValue(String name, Object value) {
        if (value instanceof Long micros && (name.equals("micros") || name.endsWith("Micros"))) {
            return Money.toDecimal(micros);
        }
        if (name.equals("metadataJson") && value instanceof String text) {
            try {
                return json.readValue(text, Argument.mapOf(String.class, Object.class));
            } catch (IOException | RuntimeException e) {
                return text;
            }
        }
        return value;
    }

    private static String wireName(String name) {
        String renamed = RENAMED.get(name);
        return renamed != null ? renamed : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
