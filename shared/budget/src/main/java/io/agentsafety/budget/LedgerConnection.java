package io.agentsafety.budget;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The few Redis commands the ledger needs, over one long-lived connection per warm instance (standalone
 * or cluster). Implementations re-establish the connection after a failure and throw Lettuce's
 * {@code RedisException}s; {@link LedgerScripts} turns those into 503s.
 */
public interface LedgerConnection extends AutoCloseable {

    /** Runs a cached script whose answer is one string (the ledger scripts answer newline-separated fields). */
    String evalsha(String sha, String[] keys, String... args);

    String eval(String script, String[] keys, String... args);

    /**
     * Whether this connection can call Redis Functions ({@link #fcall}, {@link #functionLoad}); the server may still
     * refuse them (Redis before 7, an ACL), which {@link DeadlineScripts} detects. Wrappers that only forward scripts
     * keep this default and are served by EVALSHA.
     */
    default boolean functions() {
        return false;
    }

    /** FCALL of a loaded function whose answer is one string; Redis answers "Function not found" when it is not loaded. */
    default String fcall(String function, String[] keys, String... args) {
        throw new UnsupportedOperationException("FCALL");
    }

    /** FUNCTION LOAD REPLACE of a library on every node that serves keys (each master of a cluster). */
    default void functionLoad(String library) {
        throw new UnsupportedOperationException("FUNCTION LOAD");
    }

    /** One call's answer in {@link #evalshaAll}: the reply, or the failure of that call alone (e.g. NOSCRIPT). */
    record Reply(String value, RuntimeException error) {
    }

    /**
     * Runs one cached script once per key set. Implementations send every call before awaiting any answer (one
     * round trip per node, pipelined); this default, one call after the other, is correct but slow.
     */
    default List<Reply> evalshaAll(String sha, List<String[]> keys, String... args) {
        List<Reply> replies = new java.util.ArrayList<>(keys.size());
        for (String[] k : keys) {
            try {
                replies.add(new Reply(evalsha(sha, k, args), null));
            } catch (RuntimeException e) {
                replies.add(new Reply(null, e));
            }
        }
        return replies;
    }

    /**
     * Whether this is a Redis Cluster connection (connects if needed): keys of different hash tags may then not
     * meet in one script, so the index of runs is updated after the ledger script instead of inside it.
     */
    boolean cluster();

    /**
     * How long a caller waits for an answer (the Redis client's command timeout), or null when unknown. The scripts'
     * deadlines are derived from it: a deadline later than the moment the caller gives up would let a command apply
     * after its caller answered 503.
     */
    default java.time.Duration commandTimeout() {
        return null;
    }

    /**
     * A view whose script calls ({@link #evalsha}, {@link #eval}, {@link #fcall}) and {@link #awaitReplicas} all go over
     * one and the same server connection: the one that serves {@code keys}' slot (a cluster's node connection to the
     * slot's master; standalone: the server's). A write that must be on replicas before it is acknowledged runs there,
     * since WAIT counts only the writes of the connection it is sent on. Its functions are loaded through this one.
     */
    default LedgerConnection pinned(String[] keys) {
        throw new UnsupportedOperationException("replica acknowledgements need a connection that can pin a node");
    }

    /**
     * On a {@link #pinned} view: writes {@code fenceKey} (a short-lived key of the same slot) and then sends
     * {@code WAIT replicas timeout} on the same connection; answers how many replicas acknowledged everything this
     * connection wrote up to the fence, hence everything the script before it read or wrote.
     */
    default long awaitReplicas(String fenceKey, int replicas, Duration timeout) {
        throw new UnsupportedOperationException("WAIT");
    }

    String get(String key);

    String xadd(String stream, long maxLength, Map<String, String> fields);

    /** A stream entry read through a consumer group; {@code fields} is empty when the entry was trimmed away. */
    record StreamEntry(String id, Map<String, String> fields) {
    }

    /** An entry a consumer group handed out and nobody acknowledged: how often it was delivered, how long ago. */
    record PendingEntry(String id, long deliveries, long idleMillis) {
    }

    /** XGROUP CREATE … MKSTREAM starting after {@code startId}; false when the group exists already. */
    boolean xgroupCreate(String stream, String group, String startId);

    /** XREADGROUP … COUNT {@code count} STREAMS stream {@code >}: entries never handed out yet; never blocks. */
    List<StreamEntry> xreadgroup(String stream, String group, String consumer, int count);

    /** XPENDING … IDLE: the oldest {@code count} pending entries idle for at least {@code minIdle}. */
    List<PendingEntry> xpending(String stream, String group, Duration minIdle, int count);

    /** XCLAIM … min-idle: takes over only the entries still idle that long, so of two claimers one wins each. */
    List<StreamEntry> xclaim(String stream, String group, String consumer, Duration minIdle, String... ids);

    long xack(String stream, String group, String... ids);

    @Override
    void close();
}
