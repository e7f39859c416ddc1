package io.agentsafety.budget;

import io.agentsafety.budget.api.BudgetCanSpendRequest;
import io.agentsafety.budget.api.BudgetCommitRequest;
import io.agentsafety.budget.api.BudgetCreateRequest;
import io.agentsafety.budget.api.BudgetReleaseRequest;
import io.agentsafety.budget.api.BudgetReserveRequest;
import io.agentsafety.budget.api.BudgetSpendRequest;
import io.agentsafety.budget.api.BudgetUpdateRequest;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Money;
import io.agentsafety.core.TextScrubber;
import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Binds each budget route's body to its typed request (the {@code api} records, which also describe it in OpenAPI),
 * once, at the edge. The strict reader ({@link JsonFields}: duplicate keys, NUL and unknown fields refused, exact
 * decimals) collects every bad field, so one 400 names them all, and never echoes a value. What is bound is ready
 * to use: defaults applied, amounts exact with at most 6 decimals, ids checked, create's metadata redacted as stored.
 */
final class BudgetRequests {

    static final List<BigDecimal> DEFAULT_THRESHOLDS =
        List.of(new BigDecimal("0.5"), new BigDecimal("0.8"), new BigDecimal("0.9"), BigDecimal.ONE);
    static final long MAX_TTL_SECONDS = 30L * 24 * 3600;
    static final int MAX_METADATA_KEY = 256;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final TextScrubber scrubber;
    private final BudgetSettings settings;

    BudgetRequests(TextScrubber scrubber, BudgetSettings settings) {
        this.scrubber = scrubber;
        this.settings = settings;
    }

    BudgetCreateRequest create(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("run_id", "limit", "currency", "ttl_seconds", "thresholds", "metadata"));
        String runId = f.identifier("run_id", true);
        if (runId != null && !runId.equals(scrubber.scrub(runId))) {
            // the run id becomes Redis keys, reservation ids, events and log lines: it must not be a credential
            f.error("run_id", "looks like a secret to the redactor; use an opaque id (run ids are stored and echoed)");
            runId = null;
        }
        Long limit = f.amountMicros("limit", true, false);
        String currency = currency(f);
        Long ttl = f.optionalLong("ttl_seconds", 60, MAX_TTL_SECONDS);
        List<BigDecimal> thresholds = thresholds(f);
        Map<String, String> metadata = f.optionalStringMap("metadata", 50, 1024);
        Map<String, String> stored = metadata == null ? Map.of() : storedMetadata(f, metadata);
        f.validate();
        return new BudgetCreateRequest(runId, Money.toDecimal(limit), currency, ttl == null ? settings.ttlSeconds() : ttl,
            thresholds, stored);
    }

    BudgetSpendRequest spend(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("run_id", "amount", "idempotency_key", "description", "enforce"));
        String runId = f.identifier("run_id", true);
        Long amount = f.amountMicros("amount", true, false);
        String key = idempotencyKey(f);
        String description = f.optionalString("description", 1000);
        Boolean enforce = f.optionalBoolean("enforce");
        f.validate();
        return new BudgetSpendRequest(runId, Money.toDecimal(amount), key, description, Boolean.TRUE.equals(enforce));
    }

    BudgetCanSpendRequest canSpend(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("run_id", "amount"));
        String runId = f.identifier("run_id", true);
        Long amount = f.amountMicros("amount", true, false);
        f.validate();
        return new BudgetCanSpendRequest(runId, Money.toDecimal(amount));
    }

    BudgetReserveRequest reserve(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("run_id", "amount", "ttl_seconds", "idempotency_key"));
        String runId = f.identifier("run_id", true);
        Long amount = f.amountMicros("amount", true, false);
        Long ttl = f.optionalLong("ttl_seconds", 1, settings.reservationMaxTtlSeconds());
        String key = idempotencyKey(f);
        f.validate();
        return new BudgetReserveRequest(runId, Money.toDecimal(amount), ttl == null ? settings.reservationDefaultTtlSeconds() : ttl, key);
    }

    BudgetCommitRequest commit(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("reservation_id", "actual_amount", "allow_overrun"));
        String reservationId = reservationId(f);
        Long actual = f.amountMicros("actual_amount", true, true);
        Boolean allowOverrun = f.optionalBoolean("allow_overrun");
        f.validate();
        return new BudgetCommitRequest(reservationId, Money.toDecimal(actual), Boolean.TRUE.equals(allowOverrun));
    }

    BudgetReleaseRequest release(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("reservation_id"));
        String reservationId = reservationId(f);
        f.validate();
        return new BudgetReleaseRequest(reservationId);
    }

    /** At least one of the two; either may stay null (unchanged). */
    BudgetUpdateRequest update(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("limit", "circuit_open"));
        Long limit = f.amountMicros("limit", false, false);
        Boolean circuitOpen = f.optionalBoolean("circuit_open");
        if (!f.has("limit") && !f.has("circuit_open")) {
            f.error("body", "must set limit and/or circuit_open");
        }
        f.validate();
        return new BudgetUpdateRequest(limit == null ? null : Money.toDecimal(limit), circuitOpen);
    }

    private static String currency(JsonFields f) {
        String currency = f.optionalString("currency", 3);
        if (currency == null) {
            return f.has("currency") ? null : "USD";
        }
        String upper = currency.toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(upper).matches()) {
            f.error("currency", "must be a 3-letter ISO 4217 code such as USD");
            return null;
        }
        return upper;
    }

    private static String idempotencyKey(JsonFields f) {
        JsonNode value = f.raw("idempotency_key");
        if (value == null) {
            return null;
        }
        if (!value.isString() || !IDEMPOTENCY_KEY.matcher(value.getStringValue()).matches()) {
            f.error("idempotency_key", "must be 1-255 printable ASCII characters without spaces");
            return null;
        }
        return value.getStringValue();
    }

    private static String reservationId(JsonFields f) {
        JsonNode value = f.raw("reservation_id");
        if (value == null) {
            f.error("reservation_id", "is required");
            return null;
        }
        if (!value.isString() || ReservationIds.runIdOf(value.getStringValue()) == null) {
            f.error("reservation_id", "must be a reservation id returned by /budget/reserve");
            return null;
        }
        return value.getStringValue();
    }

    /** Fractions of the limit in (0, 1], at most 6 decimals, at most 10; sorted, duplicates dropped. */
    private static List<BigDecimal> thresholds(JsonFields f) {
        JsonNode value = f.raw("thresholds");
        if (value == null) {
            return DEFAULT_THRESHOLDS;
        }
        if (!value.isArray() || value.size() > 10) {
            f.error("thresholds", "must be an array of at most 10 fractions such as [0.5, 0.8, 1.0]");
            return List.of();
        }
        TreeSet<BigDecimal> out = new TreeSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            Money.Parsed parsed = item.isNumber() ? Money.parse(item) : new Money.Parsed(0, "must be a number");
            if (parsed.error() != null || parsed.micros() <= 0 || parsed.micros() > Money.MICROS_PER_UNIT) {
                f.error("thresholds[" + i + "]", parsed.error() != null && item.isNumber() ? parsed.error()
                    : "must be a number greater than 0 and at most 1");
            } else {
                out.add(Money.toDecimal(parsed.micros()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Metadata is stored redacted (keys and values), so what is stored is what every status returns: a
     * caller's {@code {"deploy_token": "ghp_…"}} never reaches Redis, the events stream or an answer. Keys are
     * bounded; two keys that only differ by a secret would collide once redacted, which is refused rather than
     * silently keeping one. Sorted by key: the stored JSON (and so the create's fingerprint) does not depend on
     * the order the caller wrote them in.
     */
    private Map<String, String> storedMetadata(JsonFields f, Map<String, String> metadata) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            String key = entry.getKey();
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY) {
                f.error("metadata." + key, "keys must be 1-" + MAX_METADATA_KEY + " characters");
                continue;
            }
            String storedKey = scrubber.scrub(key);
            if (out.containsKey(storedKey)) {
                f.error("metadata." + key, "is the same key as another one once secrets are redacted");
                continue;
            }
            out.put(storedKey, scrubber.scrub(entry.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }
}
