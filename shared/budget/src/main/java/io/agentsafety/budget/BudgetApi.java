package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Money;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.TextScrubber;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The budget routes without HTTP plumbing: validates a request body (400 naming every bad field), calls
 * the ledger and maps its outcome to a status code and JSON body. Each function's controller is a thin
 * shell over one method here.
 */
@Singleton
public class BudgetApi {

    public static final List<BigDecimal> DEFAULT_THRESHOLDS =
        List.of(new BigDecimal("0.5"), new BigDecimal("0.8"), new BigDecimal("0.9"), BigDecimal.ONE);
    static final long MAX_TTL_SECONDS = 30L * 24 * 3600;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    static final int MAX_METADATA_KEY = 256;

    private final BudgetLedger ledger;
    private final JsonMapper json;
    private final TextScrubber scrubber;

    public BudgetApi(BudgetLedger ledger, JsonMapper json, TextScrubber scrubber) {
        this.ledger = ledger;
        this.json = json;
        this.scrubber = scrubber;
    }

    /** POST /budget/create: 201 new, 200 same parameters again (replayed), 409 different parameters. */
    public ApiResult create(byte[] body) {
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
        String metadataJson = write(stored);
        LedgerResult result = ledger.create(runId, limit, currency, ttl == null ? ledger.settings().ttlSeconds() : ttl,
            thresholds, metadataJson);
        return switch (result.code()) {
            case "created" -> new ApiResult(201, status(result), false);
            case "exists" -> new ApiResult(200, status(result), true);
            case "conflict" -> throw ProblemException.conflict("budget_conflict",
                "a budget with this run_id exists with different parameters");
            default -> throw unexpected(result);
        };
    }

    /** POST /budget/spend: 200 recorded; 402 problem+json with the status when an enforced spend does not fit. */
    public ApiResult spend(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("run_id", "amount", "idempotency_key", "description", "enforce"));
        String runId = f.identifier("run_id", true);
        Long amount = f.amountMicros("amount", true, false);
        String key = idempotencyKey(f);
        String description = f.optionalString("description", 1000);
        Boolean enforce = f.optionalBoolean("enforce");
        f.validate();
        LedgerResult result = ledger.spend(runId, amount, Boolean.TRUE.equals(enforce), key, description);
        return switch (result.code()) {
            case "ok" -> new ApiResult(200, status(result), result.replayed());
            case "insufficient_budget", "circuit_open" -> BudgetRefusals.refusal(BudgetRefusals.Operation.SPEND, result, status(result));
            default -> throw common(result);
        };
    }

    /** GET /budget/{run_id}. */
    public ApiResult status(String runId) {
        LedgerResult result = ledger.status(pathRunId(runId));
        if (!result.is("ok")) {
            throw common(result);
        }
        return new ApiResult(200, status(result), false);
    }

    /** POST /budget/can-spend: always 200; {@code allowed} false when it does not fit, the breaker is open or there is no budget. */
    public ApiResult canSpend(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("run_id", "amount"));
        String runId = f.identifier("run_id", true);
        Long amount = f.amountMicros("amount", true, false);
        f.validate();
        LedgerResult result = ledger.canSpend(runId, amount);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", scrubber.scrub(runId));
        if (result.is("not_found")) {
            out.put("allowed", false);
            out.put("remaining", BigDecimal.ZERO);
            out.put("reason", "budget_not_found");
        } else if (result.is("ok")) {
            out.put("allowed", "ok".equals(result.extra()));
            out.put("remaining", Money.toDecimal(result.snapshot().remainingMicros()));
            out.put("reason", result.extra());
        } else {
            throw unexpected(result);
        }
        return new ApiResult(200, out, false);
    }

    /** DELETE /budget/{run_id}: 204 or 404. */
    public ApiResult delete(String runId) {
        LedgerResult result = ledger.delete(pathRunId(runId));
        if (!result.is("deleted")) {
            throw common(result);
        }
        return new ApiResult(204, null, false);
    }

    /** POST /budget/reserve: 201 with the reservation and the status, or 402 like an enforced spend. */
    public ApiResult reserve(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("run_id", "amount", "ttl_seconds", "idempotency_key"));
        String runId = f.identifier("run_id", true);
        Long amount = f.amountMicros("amount", true, false);
        Long ttl = f.optionalLong("ttl_seconds", 1, ledger.settings().reservationMaxTtlSeconds());
        String key = idempotencyKey(f);
        f.validate();
        LedgerResult result = ledger.reserve(runId, amount, ttl == null ? ledger.settings().reservationDefaultTtlSeconds() : ttl, key);
        return switch (result.code()) {
            case "created" -> {
                String[] d = result.details();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("reservation_id", d[0]);
                out.put("amount", Money.toDecimal(Amounts.parse(d[1])));
                out.put("reservation_expires_at", java.time.Instant.ofEpochMilli(Long.parseLong(d[2])).toString());
                out.putAll(status(result));
                yield new ApiResult(201, out, result.replayed());
            }
            case "insufficient_budget", "circuit_open" -> BudgetRefusals.refusal(BudgetRefusals.Operation.RESERVE, result, status(result));
            default -> throw common(result);
        };
    }

    /**
     * POST /budget/commit: records the actual cost, releases the rest of the reservation. Beyond the
     * reservation only within the limit, unless {@code allow_overrun}; otherwise 402 problem+json and the
     * reservation stays open.
     */
    public ApiResult commit(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("reservation_id", "actual_amount", "allow_overrun"));
        String reservationId = reservationId(f);
        Long actual = f.amountMicros("actual_amount", true, true);
        Boolean allowOverrun = f.optionalBoolean("allow_overrun");
        f.validate();
        LedgerResult result = ledger.commit(reservationId, actual, Boolean.TRUE.equals(allowOverrun));
        if (BudgetRefusals.isRefusal(result)) {
            return BudgetRefusals.refusal(BudgetRefusals.Operation.COMMIT, result, status(result));
        }
        return settled(result);
    }

    /** POST /budget/release: gives the whole reservation back. */
    public ApiResult release(byte[] body) {
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("reservation_id"));
        String reservationId = reservationId(f);
        f.validate();
        return settled(ledger.release(reservationId));
    }

    /** PATCH /budget/{run_id}: new limit and/or closing (or opening) the breaker. */
    public ApiResult update(String runId, byte[] body) {
        String id = pathRunId(runId);
        JsonFields f = JsonFields.parse(body).allowOnly(Set.of("limit", "circuit_open"));
        Long limit = f.amountMicros("limit", false, false);
        Boolean circuitOpen = f.optionalBoolean("circuit_open");
        if (!f.has("limit") && !f.has("circuit_open")) {
            f.error("body", "must set limit and/or circuit_open");
        }
        f.validate();
        LedgerResult result = ledger.update(id, limit, circuitOpen);
        if (!result.is("ok")) {
            throw common(result);
        }
        return new ApiResult(200, status(result), false);
    }

    private ApiResult settled(LedgerResult result) {
        if (result.is("idempotency_conflict")) {
            throw ProblemException.conflict("reservation_settled",
                "the reservation was already settled differently (committed with another amount, or released)");
        }
        if (result.is("reservation_not_found")) {
            throw ProblemException.notFound("reservation_not_found", "no open reservation with this id (unknown, settled or expired)");
        }
        if (!result.is("ok")) {
            throw common(result);
        }
        String[] d = result.details();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reservation_id", d[0]);
        out.put("reserved_amount", Money.toDecimal(Amounts.parse(d[1])));
        out.put("actual_amount", Money.toDecimal(Amounts.parse(d[2])));
        if (d.length > 3) {
            // commits only: how far past the limit this commit went (allow_overrun), 0 when it fit
            out.put("overrun", Money.toDecimal(Amounts.parse(d[3])));
        }
        out.putAll(status(result));
        return new ApiResult(200, out, result.replayed());
    }

    /** The body of GET /budget/{run_id} for a status read (also each item of GET /budgets). */
    Map<String, Object> status(LedgerResult result) {
        BudgetSnapshot snapshot = result.snapshot();
        Map<String, Object> out = snapshot.toJson(read(snapshot.metadataJson()));
        out.put("run_id", scrubber.scrub(snapshot.runId())); // create refuses secret-shaped ids; older budgets too
        return out;
    }

    private static RuntimeException common(LedgerResult result) {
        return switch (result.code()) {
            case "not_found" -> ProblemException.notFound("budget_not_found", "no budget for this run_id");
            case "idempotency_conflict" -> ProblemException.conflict("idempotency_conflict",
                "this idempotency_key was used with different parameters");
            default -> (RuntimeException) unexpected(result);
        };
    }

    private static IllegalStateException unexpected(LedgerResult result) {
        return new IllegalStateException("unexpected ledger outcome " + result.code());
    }

    private static String pathRunId(String runId) {
        if (!Ids.isValidIdentifier(runId)) {
            throw ProblemException.invalid("run_id", Ids.identifierRule());
        }
        return runId;
    }

    private static String currency(JsonFields f) {
        String currency = f.optionalString("currency", 3);
        if (currency == null) {
            return f.has("currency") ? null : "USD";
        }
        String upper = currency.toUpperCase(java.util.Locale.ROOT);
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
        return new ArrayList<>(out);
    }

    /**
     * Metadata is stored redacted (keys and values), so what is stored is what every status returns: a
     * caller's {@code {"deploy_token": "ghp_…"}} never reaches Redis, the events stream or an answer. Keys are
     * bounded; two keys that only differ by a secret would collide once redacted, which is refused rather than
     * silently keeping one.
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
        return out;
    }

    private String write(Map<String, String> metadata) {
        try {
            return json.writeValueAsString(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> read(String metadataJson) {
        if (metadataJson == null || metadataJson.isEmpty() || "{}".equals(metadataJson)) {
            return Map.of();
        }
        try {
            Map<String, Object> stored = json.readValue(metadataJson, Argument.mapOf(String.class, Object.class));
            // scrubbed again on the way out: budgets written before metadata was redacted on create
            Map<String, Object> out = new LinkedHashMap<>();
            stored.forEach((key, value) -> out.put(scrubber.scrub(key), value instanceof String text ? scrubber.scrub(text) : value));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
