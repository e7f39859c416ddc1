package io.agentsafety.budget;

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

    String get(String key);

    String xadd(String stream, long maxLength, Map<String, String> fields);

    @Override
    void close();
}
