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

    /**
     * Parses the 13 snapshot values a script returns after its 4 header values: limit, spent, reserved,
     * exceeded, circuit, spend_count, updated_at, expires_at, currency, created_at, metadata, thresholds, crossed.
     */
    static BudgetSnapshot fromScript(String runId, String[] reply, int offset) {
        return new BudgetSnapshot(runId,
            Amounts.parse(str(reply, offset)),
            Amounts.parse(str(reply, offset + 1)),
            Amounts.parse(str(reply, offset + 2)),
            str(reply, offset + 8),
            "1".equals(str(reply, offset + 3)),
            "1".equals(str(reply, offset + 4)),
            split(str(reply, offset + 12)),
            toLong(str(reply, offset + 5)),
            toLong(str(reply, offset + 9)),
            toLong(str(reply, offset + 6)),
            toLong(str(reply, offset + 7)),
            str(reply, offset + 10),
            split(str(reply, offset + 11)));
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

    static String str(String[] reply, int index) {
        return index < reply.length ? reply[index] : "";
    }

    private static long toLong(String text) {
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    private static List<String> split(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split(","));
    }
}
