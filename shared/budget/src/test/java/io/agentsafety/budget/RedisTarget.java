package io.agentsafety.budget;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.lettuce.core.api.sync.RedisSortedSetCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A real Redis the ledger tests run against (one server, or a cluster), with a plain client of its own to
 * look behind the ledger's back: key TTLs, the event stream, the script cache.
 */
final class RedisTarget implements AutoCloseable {

    private final String uri;
    private final BiFunction<RedisURI, Duration, LedgerConnection> ledger;
    private final RedisKeyCommands<String, String> keys;
    private final RedisStreamCommands<String, String> streams;
    private final RedisScriptingCommands<String, String> scripts;
    private final RedisSortedSetCommands<String, String> sorted;
    private final Runnable closer;

    private RedisTarget(String uri, BiFunction<RedisURI, Duration, LedgerConnection> ledger,
                        RedisKeyCommands<String, String> keys, RedisStreamCommands<String, String> streams,
                        RedisScriptingCommands<String, String> scripts, RedisSortedSetCommands<String, String> sorted,
                        Runnable closer) {
        this.uri = uri;
        this.ledger = ledger;
        this.keys = keys;
        this.streams = streams;
        this.scripts = scripts;
        this.sorted = sorted;
        this.closer = closer;
    }

    static RedisTarget standalone(String uri) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
        var sync = connection.sync();
        return new RedisTarget(uri, LettuceLedgerConnection::standalone, sync, sync, sync, sync, () -> {
            connection.close();
            client.shutdown();
        });
    }

    static RedisTarget cluster(String seedUri) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seedUri));
        StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
        var sync = connection.sync();
        return new RedisTarget(seedUri, LettuceLedgerConnection::cluster, sync, sync, sync, sync, () -> {
            connection.close();
            client.shutdown();
        });
    }

    /** A ledger connection of the kind production uses, with this command timeout. */
    LedgerConnection connect(Duration timeout) {
        RedisURI target = RedisURI.create(uri);
        target.setTimeout(timeout);
        return ledger.apply(target, timeout);
    }

    long pttl(String key) {
        return keys.pttl(key);
    }

    List<StreamMessage<String, String>> events() {
        return streams.xrange(BudgetSettings.DEFAULT_STREAM, Range.create("-", "+"));
    }

    /** Every entry of a stream, oldest first. */
    List<StreamMessage<String, String>> stream(String key) {
        return streams.xrange(key, Range.create("-", "+"));
    }

    /** The event types of one budget's own stream, oldest first. */
    List<String> budgetEvents(String runId) {
        return streams.xrange(BudgetKeys.events(runId), Range.create("-", "+")).stream().map(m -> m.getBody().get("type")).toList();
    }

    /** How many of the budget's events are still owed to the global stream. */
    long unsent(String runId) {
        return sorted.zcard(BudgetKeys.unsent(runId));
    }

    /** The run's score in the index of runs, null when it has no entry. */
    Double indexScore(String runId) {
        return sorted.zscore(BudgetIndex.KEY, runId);
    }

    /** Deletes keys behind the ledger's back (a budget lost without its index entry being removed). */
    void delete(String... keys) {
        this.keys.del(keys);
    }

    void scriptFlush() {
        scripts.scriptFlush();
    }

    @Override
    public void close() {
        closer.run();
    }

    /** Stream entries for one run, by event type. */
    Map<String, Long> eventCounts(String runId) {
        return events().stream()
            .filter(m -> runId.equals(m.getBody().get("run_id")))
            .collect(Collectors.groupingBy(m -> m.getBody().get("type") + m.getBody().getOrDefault("threshold", ""), Collectors.counting()));
    }
}
