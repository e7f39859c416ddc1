package io.agentsafety.budget;

import io.agentsafety.budget.api.BudgetCanSpendRequest;
import io.agentsafety.budget.api.BudgetCommitRequest;
import io.agentsafety.budget.api.BudgetCreateRequest;
import io.agentsafety.budget.api.BudgetReserveRequest;
import io.agentsafety.budget.api.BudgetSpendRequest;
import io.agentsafety.budget.api.BudgetUpdateRequest;
import io.agentsafety.core.Ids;
import io.agentsafety.core.Money;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.TextScrubber;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The budget routes without HTTP plumbing: binds a request body to its typed request ({@link BudgetRequests}: 400
 * naming every bad field), calls the ledger and maps its {@link LedgerOutcome} to a status code and JSON body. Each
 * function's controller is a thin shell over one method here.
 */
@Singleton
public class BudgetApi {

    public static final List<BigDecimal> DEFAULT_THRESHOLDS = BudgetRequests.DEFAULT_THRESHOLDS;

    private final BudgetLedger ledger;
    private final JsonMapper json;
    private final TextScrubber scrubber;
    private final BudgetRequests requests;

    public BudgetApi(BudgetLedger ledger, JsonMapper json, TextScrubber scrubber) {
        this.ledger = ledger;
        this.json = json;
        this.scrubber = scrubber;
        this.requests = new BudgetRequests(scrubber, ledger.settings());
    }

    /** POST /budget/create: 201 new, 200 same parameters again (replayed), 409 different parameters. */
    public ApiResult create(byte[] body) {
        BudgetCreateRequest request = requests.create(body);
        LedgerResult result = ledger.create(request.runId(), Money.toMicros(request.limit()), request.currency(),
            request.ttlSeconds(), request.thresholds(), write(request.metadata()));
        return switch (result.outcome()) {
            case CREATED -> new ApiResult(201, status(result), false);
            case EXISTS -> new ApiResult(200, status(result), true);
            case CONFLICT -> throw ProblemException.conflict("budget_conflict",
                "a budget with this run_id exists with different parameters");
            default -> throw unexpected(result);
        };
    }

    /** POST /budget/spend: 200 recorded; 402 problem+json with the status when an enforced spend does not fit. */
    public ApiResult spend(byte[] body) {
        BudgetSpendRequest request = requests.spend(body);
        LedgerResult result = ledger.spend(request.runId(), Money.toMicros(request.amount()), request.enforce(),
            request.idempotencyKey(), request.description());
        return switch (result.outcome()) {
            case OK -> new ApiResult(200, status(result), result.replayed());
            case INSUFFICIENT_BUDGET, CIRCUIT_OPEN -> BudgetRefusals.refusal(BudgetRefusals.Operation.SPEND, result, status(result));
            default -> throw common(result);
        };
    }

    /** GET /budget/{run_id}. */
    public ApiResult status(String runId) {
        LedgerResult result = ledger.status(pathRunId(runId));
        if (!result.is(LedgerOutcome.OK)) {
            throw common(result);
        }
        return new ApiResult(200, status(result), false);
    }

    /** POST /budget/can-spend: always 200; {@code allowed} false when it does not fit, the breaker is open or there is no budget. */
    public ApiResult canSpend(byte[] body) {
        BudgetCanSpendRequest request = requests.canSpend(body);
        LedgerResult result = ledger.canSpend(request.runId(), Money.toMicros(request.amount()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", scrubber.scrub(request.runId()));
        if (result.is(LedgerOutcome.NOT_FOUND)) {
            out.put("allowed", false);
            out.put("remaining", BigDecimal.ZERO);
            out.put("reason", "budget_not_found");
        } else if (result.is(LedgerOutcome.OK) && result.detail() instanceof LedgerDetail.CanSpend verdict) {
            out.put("allowed", verdict.allowed());
            out.put("remaining", Money.toDecimal(result.snapshot().remainingMicros()));
            out.put("reason", verdict.verdict().wireName());
        } else {
            throw unexpected(result);
        }
        return new ApiResult(200, out, false);
    }

    /** DELETE /budget/{run_id}: 204 or 404. */
    public ApiResult delete(String runId) {
        LedgerResult result = ledger.delete(pathRunId(runId));
        if (!result.is(LedgerOutcome.DELETED)) {
            throw common(result);
        }
        return new ApiResult(204, null, false);
    }

    /** POST /budget/reserve: 201 with the reservation and the status, or 402 like an enforced spend. */
    public ApiResult reserve(byte[] body) {
        BudgetReserveRequest request = requests.reserve(body);
        LedgerResult result = ledger.reserve(request.runId(), Money.toMicros(request.amount()), request.ttlSeconds(),
            request.idempotencyKey());
        return switch (result.outcome()) {
            case CREATED -> {
                LedgerDetail.Reservation reservation = result.reservation();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("reservation_id", reservation.id());
                out.put("amount", Money.toDecimal(reservation.amountMicros()));
                out.put("reservation_expires_at", Instant.ofEpochMilli(reservation.expiresAt()).toString());
                out.putAll(status(result));
                yield new ApiResult(201, out, result.replayed());
            }
            case INSUFFICIENT_BUDGET, CIRCUIT_OPEN -> BudgetRefusals.refusal(BudgetRefusals.Operation.RESERVE, result, status(result));
            default -> throw common(result);
        };
    }

    /**
     * POST /budget/commit: records the actual cost, releases the rest of the reservation. Beyond the
     * reservation only within the limit, unless {@code allow_overrun}; otherwise 402 problem+json and the
     * reservation stays open.
     */
    public ApiResult commit(byte[] body) {
        BudgetCommitRequest request = requests.commit(body);
        LedgerResult result = ledger.commit(request.reservationId(), Money.toMicros(request.actualAmount()),
            request.allowOverrun());
        if (result.outcome().refusal()) {
            return BudgetRefusals.refusal(BudgetRefusals.Operation.COMMIT, result, status(result));
        }
        return settled(result);
    }

    /** POST /budget/release: gives the whole reservation back. */
    public ApiResult release(byte[] body) {
        return settled(ledger.release(requests.release(body).reservationId()));
    }

    /** PATCH /budget/{run_id}: new limit and/or closing (or opening) the breaker. */
    public ApiResult update(String runId, byte[] body) {
        String id = pathRunId(runId);
        BudgetUpdateRequest request = requests.update(body);
        LedgerResult result = ledger.update(id, request.limit() == null ? null : Money.toMicros(request.limit()),
            request.circuitOpen());
        if (!result.is(LedgerOutcome.OK)) {
            throw common(result);
        }
        return new ApiResult(200, status(result), false);
    }

    private ApiResult settled(LedgerResult result) {
        switch (result.outcome()) {
            case OK -> {
            }
            case IDEMPOTENCY_CONFLICT -> throw ProblemException.conflict("reservation_settled",
                "the reservation was already settled differently (committed with another amount, or released)");
            case RESERVATION_NOT_FOUND -> throw ProblemException.notFound("reservation_not_found",
                "no open reservation with this id (unknown, settled or expired)");
            default -> throw common(result);
        }
        LedgerDetail.Settlement settlement = result.settlement();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reservation_id", settlement.reservationId());
        out.put("reserved_amount", Money.toDecimal(settlement.reservedMicros()));
        out.put("actual_amount", Money.toDecimal(settlement.actualMicros()));
        if (settlement.overrunMicros() != null) {
            // commits only: how far past the limit this commit went (allow_overrun), 0 when it fit
            out.put("overrun", Money.toDecimal(settlement.overrunMicros()));
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
        return switch (result.outcome()) {
            case NOT_FOUND -> ProblemException.notFound("budget_not_found", "no budget for this run_id");
            case IDEMPOTENCY_CONFLICT -> ProblemException.conflict("idempotency_conflict",
                "this idempotency_key was used with different parameters");
            default -> unexpected(result);
        };
    }

    private static IllegalStateException unexpected(LedgerResult result) {
        return new IllegalStateException("unexpected ledger outcome " + result.outcome().wireName());
    }

    private static String pathRunId(String runId) {
        if (!Ids.isValidIdentifier(runId)) {
            throw ProblemException.invalid("run_id", Ids.identifierRule());
        }
        return runId;
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
