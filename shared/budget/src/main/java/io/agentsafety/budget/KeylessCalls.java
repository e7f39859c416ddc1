package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A spend or reserve sent without an idempotency key still gets one: the service's own random key for the call, under
 * which the script keeps its answer for {@link #RECORD_TTL} like a caller's key. A reply lost on the way back (the
 * connection dropped after Redis ran the script) used to leave such a call's outcome unknown — applied or not, the
 * caller had a 503 and no safe retry (docs/reliability/faults.md: 7 of 34 under {@code CLIENT KILL}). Now the ledger
 * re-asks with the same key for a short while: the script replays the applied answer, or applies the call once. Only
 * when Redis stays unreachable for the whole window is the answer a 503, and that 503 carries the key
 * ({@code idempotency_key}), so the caller can still learn the outcome, exactly, by retrying with it.
 */
final class KeylessCalls {

    private static final Logger LOG = LoggerFactory.getLogger(KeylessCalls.class);

    /** How long a keyless call's record lives: the re-asks, then the caller's own retry with the key its 503 names. */
    static final Duration RECORD_TTL = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /**
     * How long a failed call is re-asked. Short: a dropped connection reconnects in milliseconds (measured under
     * CLIENT KILL: recovery 0 ms), and each re-ask may itself wait up to the command timeout.
     */
    private static final long REASK_WINDOW_NANOS = Duration.ofMillis(1500).toNanos();
    private static final long[] BACKOFF_MILLIS = {25, 50, 100, 200, 400};

    /** One attempt of a call under {@code key}; {@code fresh} on the first, when no record under the key can exist yet. */
    @FunctionalInterface
    interface Attempt {
        LedgerResult run(String key, boolean fresh);
    }

    /**
     * Runs {@code call} under a fresh key; re-asks on a 503; answers as if the first attempt had answered. The first
     * attempt is marked fresh: the key is random and was never sent, so the script skips looking up its record.
     */
    LedgerResult call(Attempt call) {
        String key = newKey();
        long until = 0;
        for (int attempt = 0; ; attempt++) {
            try {
                LedgerResult result = call.run(key, attempt == 0);
                // a replay of this call's own earlier attempt is, for its caller, the one answer it never received
                return attempt == 0 || !result.replayed() ? result : result.notReplayed();
            } catch (ProblemException e) {
                if (e.status() != 503) {
                    throw e;
                }
                if (attempt == 0) {
                    until = System.nanoTime() + REASK_WINDOW_NANOS;
                }
                if (System.nanoTime() >= until || !pause(BACKOFF_MILLIS[Math.min(attempt, BACKOFF_MILLIS.length - 1)])) {
                    LOG.warn("budget ledger call without idempotency key still unanswered after {} attempts; its 503 names "
                        + "the call's key", attempt + 1);
                    throw outcomeUnknown(key);
                }
            }
        }
    }

    /**
     * A key of 128 random bits, unguessable like {@link Ids#newId} (it is named in a 503 and lets its holder learn the
     * call's answer) but from one {@code nextBytes} call: {@code Ids.newId} draws 20 bounded ints from the shared
     * SecureRandom, each taking its lock, ~6 us per spend (measured, single thread), more under contention. A
     * per-thread AES counter was measured at ~0.05 us against ~1 us (shared/budget BENCHMARK.md, "The Java side of a
     * spend") and not taken: its secrets would be copied by a SnapStart snapshot into every restored instance unless a
     * restore hook ran first, and a repeated key replays another call's answer; SecureRandom is restore-safe as is.
     */
    static String newKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "call_" + HEX.formatHex(bytes);
    }

    static ProblemException outcomeUnknown(String key) {
        return new ProblemException(ProblemException.unavailable("ledger_unavailable", "the budget ledger is unavailable "
            + "and this call's outcome is unknown: retry it with the idempotency_key of this problem within "
            + RECORD_TTL.toMinutes() + " minutes to learn it exactly (the applied answer, or the call applied once)")
            .problem().retryableWith(key));
    }

    /** False when interrupted (the interrupt is kept for the caller). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
