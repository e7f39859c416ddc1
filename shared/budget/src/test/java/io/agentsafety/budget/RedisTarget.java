package io.agentsafety.budget;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Redis the ledger tests run against (one server, or a cluster), with a plain client of its own to
 * look behind the ledger's back: key TTLs, the event stream, the script cache.
 */
abstract class RedisTarget implements AutoCloseable {

    abstract LedgerConnection connect(Duration timeout);

    abstract long pttl(String key);

    abstract List<StreamMessage<String, String>> events();

    abstract void scriptFlush();

    @Override
    public abstract void close();

    /** Stream entries for one run, by event type. */
    Map<String, Long> eventCounts(String runId) {
        return events().stream()
            .filter(m -> runId.equals(m.getBody().get("run_id")))
            .collect(Collectors.groupingBy(m -> m.getBody().get("type") + m.getBody().getOrDefault("threshold", ""), Collectors.counting()));
    }

    static RedisTarget standalone(String uri) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
        var sync = connection.sync();
        return new RedisTarget() {
            @Override
            LedgerConnection connect(Duration timeout) {
                RedisURI target = RedisURI.create(uri);
                target.setTimeout(timeout);
                return LettuceLedgerConnection.standalone(target, timeout);
            }

            @Override
            long pttl(String key) {
                return sync.pttl(key);
            }

            @Override
            List<StreamMessage<String, String>> events() {
                return sync.xrange(BudgetSettings.DEFAULT_STREAM, Range.create("-", "+"));
            }

            @Override
            void scriptFlush() {
                sync.scriptFlush();
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
            }
        };
    }

    static RedisTarget cluster(String seedUri) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seedUri));
        StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
        var sync = connection.sync();
        return new RedisTarget() {
            @Override
            LedgerConnection connect(Duration timeout) {
                RedisURI target = RedisURI.create(seedUri);
                target.setTimeout(timeout);
                return LettuceLedgerConnection.cluster(target, timeout);
            }

            @Override
            long pttl(String key) {
                return sync.pttl(key);
            }

            @Override
            List<StreamMessage<String, String>> events() {
                return sync.xrange(BudgetSettings.DEFAULT_STREAM, Range.create("-", "+"));
            }

            @Override
            void scriptFlush() {
                sync.scriptFlush();
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
            }
        };
    }
}
