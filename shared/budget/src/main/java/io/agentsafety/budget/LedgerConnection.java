package io.agentsafety.budget;

import java.util.List;
import java.util.Map;

/**
 * The few Redis commands the ledger needs, over one long-lived connection per warm instance (standalone
 * or cluster). Implementations re-establish the connection after a failure and throw Lettuce's
 * {@code RedisException}s; {@link LedgerScripts} turns those into 503s.
 */
public interface LedgerConnection extends AutoCloseable {

    List<Object> evalsha(String sha, String[] keys, String... args);

    List<Object> eval(String script, String[] keys, String... args);

    String hget(String key, String field);

    String xadd(String stream, long maxLength, Map<String, String> fields);

    @Override
    void close();
}
