package io.agentsafety.budget.bench;

import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisURI;

import java.time.Duration;

/**
 * The Redis a ledger bench runs against: the one {@code REDIS_URI} names when it is set, otherwise an embedded
 * {@code redis-server} started for the run and stopped by {@link #close()}.
 */
final class BenchRedis implements AutoCloseable {

    private final EmbeddedRedis embedded;
    private final RedisURI target;

    private BenchRedis(EmbeddedRedis embedded, RedisURI target) {
        this.embedded = embedded;
        this.target = target;
    }

    static BenchRedis fromEnvironment(Duration timeout) {
        String external = System.getenv("REDIS_URI");
        EmbeddedRedis embedded = external == null ? EmbeddedRedis.startNew() : null;
        RedisURI target = RedisURI.create(external != null ? external : embedded.uri());
        target.setTimeout(timeout);
        return new BenchRedis(embedded, target);
    }

    RedisURI target() {
        return target;
    }

    /** What the bench prints as its server: the embedded build or "external". */
    String description() {
        return embedded != null ? "embedded 7.0.15" : "external";
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.stop();
        }
    }
}
