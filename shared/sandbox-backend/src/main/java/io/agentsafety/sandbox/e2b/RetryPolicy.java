package io.agentsafety.sandbox.e2b;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * When a control-plane call is tried again (envd calls never are, as in the SDKs):
 * <ul>
 *   <li>429 only with an integer {@code Retry-After} (the rate limiter's answer), waiting exactly that long;
 *       a 429 without it is the concurrency limit, which waiting a few seconds does not lift, so it fails
 *       at once as {@code RATE_LIMITED};</li>
 *   <li>503 (E2B: "nothing was changed") on every call, honouring {@code Retry-After} when it is an integer,
 *       else exponential backoff;</li>
 *   <li>500/502/504 and transport failures only on idempotent calls (get, kill, set timeout, list): a create
 *       that failed that way may have made a sandbox, and a blind retry would make a second one (the
 *       first is tagged with its deadline, so the sweeper finds it).</li>
 * </ul>
 * At most {@code maxRetries} retries, and never past the call's overall budget (first attempt +
 * request timeout), like the SDK.
 */
final class RetryPolicy {

    private static final Pattern DELTA_SECONDS = Pattern.compile("^\\d{1,6}$");
    static final Duration BASE = Duration.ofMillis(250);
    static final Duration CAP = Duration.ofSeconds(8);

    private final int maxRetries;
    private final Duration budget;

    RetryPolicy(int maxRetries, Duration budget) {
        this.maxRetries = maxRetries;
        this.budget = budget;
    }

    /**
     * The wait before retry number {@code retriesDone + 1}, or null to give up.
     *
     * @param status    the answer's status, or -1 for a transport failure
     * @param elapsedMs time since the first attempt started
     */
    Duration delay(int status, String retryAfter, int retriesDone, boolean idempotent, long elapsedMs) {
        if (retriesDone >= maxRetries) {
            return null;
        }
        Duration delay;
        Duration hinted = retryAfter != null && DELTA_SECONDS.matcher(retryAfter.trim()).matches()
            ? Duration.ofSeconds(Long.parseLong(retryAfter.trim())) : null;
        if (status == 429) {
            delay = hinted;
        } else if (status == 503) {
            delay = hinted != null ? hinted : backoff(retriesDone);
        } else if (idempotent && (status == 500 || status == 502 || status == 504 || status == -1)) {
            delay = backoff(retriesDone);
        } else {
            delay = null;
        }
        if (delay == null || elapsedMs + delay.toMillis() > budget.toMillis()) {
            return null;
        }
        return delay;
    }

    static Duration backoff(int retriesDone) {
        long ms = BASE.toMillis() << Math.min(retriesDone, 10);
        return Duration.ofMillis(Math.min(ms, CAP.toMillis()));
    }
}
