package io.agentsafety.budget;

import io.agentsafety.budget.LedgerScripts.Op;
import io.agentsafety.core.Ids;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The budget ledger: every operation is one atomic Lua script on the budget's keys. Inputs are already
 * validated (see {@link BudgetApi}); this class turns them into script arguments (money as exact
 * "U.MMMMMM" text, parameter fingerprints for idempotency) and publishes the events a script reports.
 */
@Singleton
@AuditedLedger
public class BudgetLedger {

    private final LedgerScripts scripts;
    private final BudgetEvents events;
    private final BudgetSettings settings;
    private final BudgetIndex index;
    private static final String KEYLESS_RECORD_TTL_MS = Long.toString(KeylessCalls.RECORD_TTL.toMillis());

    private final KeylessCalls keyless = new KeylessCalls();

    public BudgetLedger(LedgerScripts scripts, BudgetEvents events, BudgetSettings settings) {
        this.scripts = scripts;
        this.events = events;
        this.settings = settings;
        this.index = new BudgetIndex(scripts);
    }

    /** The index of runs that create and delete maintain (the listing reads it). */
    public BudgetIndex index() {
        return index;
    }

    public BudgetSettings settings() {
        return settings;
    }

    /** {@link LedgerOutcome#CREATED}, {@link LedgerOutcome#EXISTS} (same parameters) or {@link LedgerOutcome#CONFLICT}. */
    public LedgerResult create(String runId, long limitMicros, String currency, long ttlSeconds,
                               List<BigDecimal> thresholds, String metadataJson) {
        List<String> fractions = new ArrayList<>();
        for (BigDecimal threshold : thresholds) {
            fractions.add(threshold.stripTrailingZeros().toPlainString());
        }
        String joined = String.join(",", fractions);
        String fingerprint = fingerprint("create", Long.toString(limitMicros), currency, Long.toString(ttlSeconds), joined, metadataJson);
        LedgerResult result = runOn(runId, Op.CREATE, index.scriptKeys(runId), fingerprint, Amounts.format(limitMicros), currency,
            Long.toString(ttlSeconds), joined, thresholdAmounts(limitMicros, fractions), metadataJson, Ids.newId("gen"));
        if (result.snapshot() != null && (result.is(LedgerOutcome.CREATED) || result.is(LedgerOutcome.EXISTS))) {
            index.created(runId, result.snapshot().createdAt());
        }
        return result;
    }

    /**
     * {@code ok}, {@code not_found}, {@code insufficient_budget}/{@code circuit_open} (enforced), {@code idempotency_conflict}.
     * Without an idempotency key the call gets one of its own (see {@link KeylessCalls}), so its outcome is never unknown.
     */
    public LedgerResult spend(String runId, long micros, boolean enforce, String idempotencyKey, String description) {
        String fingerprint = fingerprint("spend", Long.toString(micros), Boolean.toString(enforce), description == null ? "" : description);
        return underKey(idempotencyKey, (key, recordTtlMs, fresh) -> run(runId, Op.SPEND, BudgetKeys.idempotency(key), fingerprint,
            Amounts.format(micros), enforce ? "1" : "0", recordTtlMs, fresh));
    }

    /** {@code ok} with a {@link LedgerDetail.CanSpend} verdict ({@code ok}, {@code insufficient_budget} or {@code circuit_open}); or {@code not_found}. */
    public LedgerResult canSpend(String runId, long micros) {
        return run(runId, Op.CAN_SPEND, null, Amounts.format(micros));
    }

    /** Also hands out again the events whose global copy is overdue (see {@link BudgetEvents}), and copies them. */
    public LedgerResult status(String runId) {
        return run(runId, Op.STATUS, null, Long.toString(BudgetEvents.REDELIVERY_AFTER.toMillis()));
    }

    /** {@link #status} of several budgets at once, pipelined (one page of the listing), in the given order. */
    public List<LedgerResult> statuses(List<String> runIds) {
        List<String[]> keys = new ArrayList<>(runIds.size());
        for (String runId : runIds) {
            keys.add(BudgetKeys.forScript(runId, null));
        }
        List<String> replies = scripts.runAll(Op.STATUS, keys, Long.toString(BudgetEvents.REDELIVERY_AFTER.toMillis()));
        List<LedgerResult> out = new ArrayList<>(replies.size());
        for (int i = 0; i < replies.size(); i++) {
            out.add(published(runIds.get(i), LedgerResult.fromScript(Op.STATUS, runIds.get(i), replies.get(i))));
        }
        return out;
    }

    /** {@code created} with the {@link LedgerDetail.Reservation}, or a refusal like an enforced spend. */
    public LedgerResult reserve(String runId, long micros, long ttlSeconds, String idempotencyKey) {
        String fingerprint = fingerprint("reserve", Long.toString(micros), Long.toString(ttlSeconds));
        String reservationId = ReservationIds.newId(runId);
        return underKey(idempotencyKey, (key, recordTtlMs, fresh) -> run(runId, Op.RESERVE, BudgetKeys.idempotency(key), fingerprint,
            Amounts.format(micros), reservationId, Long.toString(ttlSeconds * 1000), recordTtlMs, fresh));
    }

    /**
     * Runs an idempotent call under the caller's key (its record kept {@code idempotency-ttl-seconds}) or, without
     * one, under a key of the call's own ({@link KeylessCalls}: kept {@link KeylessCalls#RECORD_TTL}, re-asked after a
     * lost reply). {@code call} gets the key, the record's lifetime in ms and whether the key is fresh ("1": no record
     * can exist under it, the script skips the lookup; "0": a caller's key or a re-ask), as the scripts take them.
     */
    private LedgerResult underKey(String idempotencyKey, KeyedCall call) {
        if (idempotencyKey != null) {
            return call.apply(idempotencyKey, Long.toString(settings.idempotencyTtlSeconds() * 1000), "0");
        }
        return keyless.call((callKey, fresh) -> call.apply(callKey, KEYLESS_RECORD_TTL_MS, fresh ? "1" : "0"));
    }

    @FunctionalInterface
    private interface KeyedCall {
        LedgerResult apply(String key, String recordTtlMs, String fresh);
    }

    /**
     * Settles a reservation with the actual cost: {@code ok} with the {@link LedgerDetail.Settlement} (overrun
     * included). Beyond the reserved amount the excess must fit in the budget like an enforced spend, otherwise
     * {@code insufficient_budget}/{@code circuit_open} with the {@link LedgerDetail.Reservation}, left open and
     * unchanged; {@code allowOverrun} records the cost anyway. A retry with the same
     * amount replays the answer (whatever its allowOverrun: the flag is a permission, not a parameter); a
     * different amount, or a commit after a release, is {@code idempotency_conflict}.
     */
    public LedgerResult commit(String reservationId, long actualMicros, boolean allowOverrun) {
        String runId = ReservationIds.runIdOf(reservationId);
        return run(runId, Op.COMMIT, BudgetKeys.settlement(reservationId), fingerprint("commit", Long.toString(actualMicros)),
            reservationId, Amounts.format(actualMicros), Long.toString(settings.idempotencyTtlSeconds() * 1000),
            allowOverrun ? "1" : "0");
    }

    public LedgerResult release(String reservationId) {
        String runId = ReservationIds.runIdOf(reservationId);
        return run(runId, Op.RELEASE, BudgetKeys.settlement(reservationId), fingerprint("release"),
            reservationId, Long.toString(settings.idempotencyTtlSeconds() * 1000));
    }

    /** New limit and/or breaker state; {@code not_found} when absent. Thresholds keep their fractions. */
    public LedgerResult update(String runId, Long limitMicros, Boolean circuitOpen) {
        String limit = "";
        String amounts = "";
        if (limitMicros != null) {
            LedgerResult current = status(runId);
            if (current.is(LedgerOutcome.NOT_FOUND)) {
                return current;
            }
            limit = Amounts.format(limitMicros);
            amounts = thresholdAmounts(limitMicros, current.snapshot().thresholds());
        }
        return run(runId, Op.UPDATE, null, limit, amounts, circuitOpen == null ? "" : circuitOpen ? "1" : "0");
    }

    /** {@code deleted} (with the budget's created_at) or {@code not_found}. */
    public LedgerResult delete(String runId) {
        LedgerResult result = runOn(runId, Op.DELETE, index.scriptKeys(runId));
        if (result.detail() instanceof LedgerDetail.Deleted deleted) {
            index.deleted(runId, deleted.createdAt());
        }
        return result;
    }

    private LedgerResult run(String runId, Op op, String record, String... args) {
        return runOn(runId, op, BudgetKeys.forScript(runId, record), args);
    }

    private LedgerResult runOn(String runId, Op op, String[] keys, String... args) {
        return published(runId, LedgerResult.fromScript(op, runId, scripts.run(op, keys, args)));
    }

    private LedgerResult published(String runId, LedgerResult result) {
        if (!result.outbox().isEmpty()) {
            events.publish(runId, result.outbox());
        }
        return result;
    }

    private static String thresholdAmounts(long limitMicros, List<String> fractions) {
        List<String> amounts = new ArrayList<>(fractions.size());
        for (String fraction : fractions) {
            amounts.add(Amounts.format(Amounts.fractionOf(limitMicros, new BigDecimal(fraction))));
        }
        return String.join(",", amounts);
    }

    /**
     * SHA-256 over the parameters, length-prefixed so that ("a|b", "c") and ("a", "b|c") differ: each part as its UTF-8
     * length in decimal, ':', its bytes. Stored in idempotency records, so its bytes must never change. The digest is a
     * clone of one made once ({@code MessageDigest.getInstance} looks the provider up on every call, measured as the
     * largest share of a spend's own CPU on the calling thread), kept per thread: {@code digest()} resets it for the next
     * call, so a thread's calls reuse one digest instead of a clone's buffers each (~250 B per spend).
     */
    static String fingerprint(String... parts) {
        MessageDigest digest = sha256();
        byte[] prefix = new byte[21];
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            int at = prefix.length;
            prefix[--at] = ':';
            int length = bytes.length;
            do {
                prefix[--at] = (byte) ('0' + length % 10);
                length /= 10;
            } while (length > 0);
            digest.update(prefix, at, prefix.length - at);
            digest.update(bytes);
        }
        return HEX.formatHex(digest.digest());
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final MessageDigest SHA256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ThreadLocal<MessageDigest> THREAD_SHA256 = ThreadLocal.withInitial(BudgetLedger::cloneSha256);

    private static MessageDigest sha256() {
        MessageDigest digest = THREAD_SHA256.get();
        digest.reset(); // a no-op after digest(); a call cut short by an exception must not leave its bytes behind
        return digest;
    }

    private static MessageDigest cloneSha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }
}
