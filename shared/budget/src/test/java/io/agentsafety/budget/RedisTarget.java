package io.agentsafety.budget;

import io.lettuce.core.FlushMode;
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

    private static final String LEDGER_LIBRARIES = "agentsafety_ledger_*";

    private final String uri;
    private final BiFunction<RedisURI, Duration, LedgerConnection> ledger;
    private final RedisKeyCommands<String, String> keys;
    private final RedisStreamCommands<String, String> streams;
    private final RedisScriptingCommands<String, String> scripts;
    private final RedisSortedSetCommands<String, String> sorted;
    private final Runnable functionFlush;
    private final java.util.function.IntSupplier ledgerLibraries;
    private final Runnable closer;

    private RedisTarget(String uri, BiFunction<RedisURI, Duration, LedgerConnection> ledger,
                        RedisKeyCommands<String, String> keys, RedisStreamCommands<String, String> streams,
                        RedisScriptingCommands<String, String> scripts, RedisSortedSetCommands<String, String> sorted,
                        Runnable functionFlush, java.util.function.IntSupplier ledgerLibraries, Runnable closer) {
        this.uri = uri;
        this.ledger = ledger;
        this.keys = keys;
        this.streams = streams;
        this.scripts = scripts;
        this.sorted = sorted;
        this.functionFlush = functionFlush;
        this.ledgerLibraries = ledgerLibraries;
        this.closer = closer;
    }

    static RedisTarget standalone(String uri) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
        var sync = connection.sync();
        return new RedisTarget(uri, LettuceLedgerConnection::standalone, sync, sync, sync, sync, () -> sync.functionFlush(FlushMode.SYNC),
            () -> sync.functionList(LEDGER_LIBRARIES).size(), () -> {
            connection.close();
            client.shutdown();
        });
    }

    static RedisTarget cluster(String seedUri) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seedUri));
        StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
        var sync = connection.sync();
        // FUNCTION FLUSH on every master (a cluster client sends it to one node only)
        Runnable functionFlush = () -> sync.upstream().commands().functionFlush(FlushMode.SYNC);
        java.util.function.IntSupplier libraries = () -> sync.upstream().commands().functionList(LEDGER_LIBRARIES).asMap().values()
            .stream().mapToInt(List::size).sum();
        return new RedisTarget(seedUri, LettuceLedgerConnection::cluster, sync, sync, sync, sync, functionFlush, libraries, () -> {
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

    /** How many copies of the ledger's function libraries the servers hold (one per master per version). */
    int ledgerLibraries() {
        return ledgerLibraries.getAsInt();
    }

    /** FUNCTION FLUSH: the server forgets the ledger's function library (a restart without persistence, a new node). */
    void functionFlush() {
        functionFlush.run();
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
