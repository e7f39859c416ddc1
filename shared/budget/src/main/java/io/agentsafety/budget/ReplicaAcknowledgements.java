package io.agentsafety.budget;

import io.agentsafety.core.ProblemException;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Acknowledges a write only once replicas hold it ({@code safety.budget.redis.replica-acknowledgements}): Redis
 * replicates asynchronously, so a write its master answered and then lost in a failover (killed before the replica
 * had it) would be an acknowledged spend that is gone. After each writing script, {@link #await} sends a fence write and
 * {@code WAIT replicas timeout} on the connection that ran the script ({@link LedgerConnection#pinned}); fewer
 * acknowledgements in time is a 503 whose problem says the outcome is not known — the write is on the master and may
 * or may not survive a failover — never a 2xx. Reads never wait. 0 replicas (the default): no WAIT, today's behaviour.
 */
final class ReplicaAcknowledgements<O extends Enum<O>> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaAcknowledgements.class);

    private final int replicas;
    private final Duration timeout;
    private final Set<O> writes;

    /**
     * @param timeout how long a WAIT may take; kept well inside {@code commandTimeout} (the client's), so that the WAIT
     *                answers its count before the client gives up on it
     * @param writes  the operations that mutate (the ones awaited)
     */
    ReplicaAcknowledgements(int replicas, Duration timeout, Duration commandTimeout, Set<O> writes) {
        this.replicas = replicas;
        Duration cap = commandTimeout.multipliedBy(3).dividedBy(4);
        this.timeout = timeout.compareTo(cap) > 0 ? cap : timeout;
        this.writes = writes;
    }

    static <O extends Enum<O>> ReplicaAcknowledgements<O> none(Class<O> ops) {
        return new ReplicaAcknowledgements<>(0, Duration.ofMillis(1), Duration.ofSeconds(1), EnumSet.noneOf(ops));
    }

    boolean applies(O op) {
        return replicas > 0 && writes.contains(op);
    }

    /** After {@code op} answered on {@code pinned}: returns when {@code replicas} replicas hold it, else the 503. */
    void await(LedgerConnection pinned, String[] keys, O op) {
        long acknowledged;
        try {
            acknowledged = pinned.awaitReplicas(fenceKey(keys[0]), replicas, timeout);
        } catch (RedisException e) {
            LOG.warn("budget ledger write not confirmed by replicas: op={} {}", op, e.getClass().getSimpleName());
            throw outcomeUnknown();
        }
        if (acknowledged < replicas) {
            LOG.warn("budget ledger write held by {} of {} replicas after {} ms: op={}", acknowledged, replicas,
                timeout.toMillis(), op);
            throw outcomeUnknown();
        }
    }

    /**
     * A key of the same cluster slot as {@code key} (its hash tag, or the whole key when it has none), so the fence
     * is accepted by the node that ran the script.
     */
    static String fenceKey(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        String tag = close > open + 1 ? key.substring(open + 1, close) : key;
        return "safety:replicated:{" + tag + "}";
    }

    static ProblemException outcomeUnknown() {
        return ProblemException.unavailable("ledger_outcome_unknown", "the budget ledger's primary ran this call, but "
            + "its replicas did not confirm holding it in time: the outcome is NOT known (it stands, unless the primary "
            + "fails over before replicating it). Retrying with the same idempotency_key is safe: the answer is "
            + "replayed, or the call applied once");
    }
}
