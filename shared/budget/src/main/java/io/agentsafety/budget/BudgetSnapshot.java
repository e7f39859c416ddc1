package io.agentsafety.budget;

import io.agentsafety.core.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A budget as one script saw it, atomically. Money in micro-units, times in epoch milliseconds. */
public record BudgetSnapshot(String runId, long limitMicros, long spentMicros, long reservedMicros, String currency,
                             boolean exceeded, boolean circuitOpen, List<String> thresholdsCrossed, long spendCount,
                             long createdAt, long updatedAt, long expiresAt, String metadataJson, List<String> thresholds) {

    /** The last thresholds and crossed-thresholds texts parsed, and their lists (see {@link ReplyFields#list}). */
    private static final ReplyFields.Last THRESHOLDS = new ReplyFields.Last();
    private static final ReplyFields.Last CROSSED = new ReplyFields.Last();

    /**
     * Parses the 13 snapshot values a script returns after its 4 header values: limit, spent, reserved,
     * exceeded, circuit, spend_count, updated_at, expires_at, currency, created_at, metadata, thresholds, crossed.
     */
    static BudgetSnapshot fromScript(String runId, ReplyFields reply, int offset) {
        return new BudgetSnapshot(runId,
            reply.amount(offset),
            reply.amount(offset + 1),
            reply.amount(offset + 2),
            reply.text(offset + 8),
            reply.is(offset + 3, "1"),
            reply.is(offset + 4, "1"),
            reply.list(offset + 12, CROSSED),
            reply.number(offset + 5),
            reply.number(offset + 9),
            reply.number(offset + 6),
            reply.number(offset + 7),
            reply.text(offset + 10),
            reply.list(offset + 11, THRESHOLDS));
    }

    /** What may still be committed: never below zero, even when record-mode spends passed the limit. */
    public long remainingMicros() {
        return Math.max(0, limitMicros - spentMicros - reservedMicros);
    }

    /** The status document of the API, in its field order; money as exact JSON numbers. */
    public Map<String, Object> toJson(Map<String, Object> metadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", runId);
        out.put("limit", Money.toDecimal(limitMicros));
        out.put("spent", Money.toDecimal(spentMicros));
        out.put("reserved", Money.toDecimal(reservedMicros));
        out.put("remaining", Money.toDecimal(remainingMicros()));
        out.put("currency", currency);
        out.put("exceeded", exceeded);
        out.put("circuit_open", circuitOpen);
        out.put("thresholds", decimals(thresholds));
        out.put("thresholds_crossed", decimals(thresholdsCrossed));
        out.put("spend_count", spendCount);
        out.put("created_at", Instant.ofEpochMilli(createdAt).toString());
        out.put("updated_at", Instant.ofEpochMilli(updatedAt).toString());
        out.put("expires_at", Instant.ofEpochMilli(expiresAt).toString());
        if (metadata != null && !metadata.isEmpty()) {
            out.put("metadata", metadata);
        }
        return out;
    }

    private static List<BigDecimal> decimals(List<String> values) {
        List<BigDecimal> out = new ArrayList<>(values.size());
        for (String value : values) {
            out.add(new BigDecimal(value));
        }
        return out;
    }

}
