package io.agentsafety.client;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The run budget ledger under {@code /api/v1/safety/budget}. Every mutating call that the service can replay
 * carries an idempotency key — generated once per logical call and reused by every retry of it — so a retry after
 * a lost answer never charges twice.
 */
public final class BudgetClient {

    private final Transport transport;

    BudgetClient(Transport transport) {
        this.transport = transport;
    }

    /** Creates the run's budget (repeating it with the same values answers the existing budget). */
    public BudgetStatus create(String runId, BigDecimal limit, String currency, List<BigDecimal> thresholds,
                               Map<String, String> metadata) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("limit", limit.toPlainString());
        if (currency != null) {
            body.put("currency", currency);
        }
        if (thresholds != null) {
            body.put("thresholds", thresholds.stream().map(BigDecimal::toPlainString).map(BigDecimal::new).toList());
        }
        if (metadata != null && !metadata.isEmpty()) {
            body.put("metadata", metadata);
        }
        return status(transport.exchange("POST", "/budget/create", body, Transport.Retry.IDEMPOTENT));
    }

    public BudgetStatus create(String runId, BigDecimal limit) {
        return create(runId, limit, null, null, null);
    }

    /** Records a spend (also when it exceeds the limit: record mode). A fresh idempotency key is used. */
    public BudgetStatus spend(String runId, BigDecimal amount) {
        return spend(runId, amount, newKey(), false);
    }

    /**
     * Records a spend under the caller's idempotency key.
     *
     * @param enforce true: refuse (402) rather than exceed the limit
     * @throws BudgetExceededException refused (enforced and not enough budget, or the breaker is open)
     */
    public BudgetStatus spend(String runId, BigDecimal amount, String idempotencyKey, boolean enforce) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("amount", amount.toPlainString());
        body.put("idempotency_key", idempotencyKey);
        if (enforce) {
            body.put("enforce", true);
        }
        return status(transport.exchange("POST", "/budget/spend", body, Transport.Retry.IDEMPOTENT));
    }

    /**
     * Spends only if the amount fits: the original design's {@code spendWithEnforcement}.
     *
     * @throws BudgetExceededException with the run's status when refused
     */
    public BudgetStatus spendWithEnforcement(String runId, BigDecimal amount) {
        return spend(runId, amount, newKey(), true);
    }

    public BudgetStatus status(String runId) {
        return status(transport.exchange("GET", "/budget/" + path(runId), null, Transport.Retry.IDEMPOTENT));
    }

    public CanSpend canSpend(String runId, BigDecimal amount) {
        Map<String, Object> body = Map.of("run_id", runId, "amount", amount.toPlainString());
        Transport.Answer answer = transport.exchange("POST", "/budget/can-spend", body, Transport.Retry.IDEMPOTENT);
        return transport.read(answer.body(), CanSpend.class);
    }

    /** Deletes the run's budget. @throws NotFoundException when there is none */
    public void delete(String runId) {
        transport.exchange("DELETE", "/budget/" + path(runId), null, Transport.Retry.IDEMPOTENT);
    }

    /** Reserves {@code amount} until committed, released or expired ({@code ttlSeconds}, null = server default). */
    public BudgetStatus reserve(String runId, BigDecimal amount, Integer ttlSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("amount", amount.toPlainString());
        if (ttlSeconds != null) {
            body.put("ttl_seconds", ttlSeconds);
        }
        body.put("idempotency_key", newKey());
        return status(transport.exchange("POST", "/budget/reserve", body, Transport.Retry.IDEMPOTENT));
    }

    /**
     * Settles a reservation at its real cost and frees the rest. Not retried automatically: a commit whose answer
     * was lost is seen settled on the next try (a conflict), so the caller decides.
     */
    public BudgetStatus commit(String reservationId, BigDecimal actualAmount) {
        Map<String, Object> body = Map.of("reservation_id", reservationId, "actual_amount", actualAmount.toPlainString());
        return status(transport.exchange("POST", "/budget/commit", body, Transport.Retry.NEVER));
    }

    /** Frees a reservation without spending. Not retried automatically (see {@link #commit}). */
    public BudgetStatus release(String reservationId) {
        Map<String, Object> body = Map.of("reservation_id", reservationId);
        return status(transport.exchange("POST", "/budget/release", body, Transport.Retry.NEVER));
    }

    /** Changes the limit and/or opens or closes the breaker (null = unchanged). Setting values is idempotent. */
    public BudgetStatus update(String runId, BigDecimal limit, Boolean circuitOpen) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (limit != null) {
            body.put("limit", limit.toPlainString());
        }
        if (circuitOpen != null) {
            body.put("circuit_open", circuitOpen);
        }
        return status(transport.exchange("PATCH", "/budget/" + path(runId), body, Transport.Retry.IDEMPOTENT));
    }

    private BudgetStatus status(Transport.Answer answer) {
        return transport.read(answer.body(), BudgetStatus.class).asReplayed(answer.replayed());
    }

    private static String path(String runId) {
        return URLEncoder.encode(runId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One key per logical call: the retries inside {@link Transport} resend the same body, hence the same key. */
    static String newKey() {
        return "cli-" + UUID.randomUUID();
    }
}
