package io.agentsafety.redis;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.json.JsonParser;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A standalone client whose connections build their synchronous API on the first {@code sync()} call, not in their
 * constructor. Lettuce's {@code StatefulRedisConnectionImpl} builds it for every connection, used or not, and the
 * first one fills process-wide caches: {@code MethodTranslator} looks up ~720 interface methods by reflection and a
 * proxy class is generated (129–172 ms CPU per start, COLD-START.md cold14). The audit and the ledger use the
 * asynchronous API ({@link RedisAwait} where they need an answer), so a function's start no longer pays for it.
 * Cluster clients are unchanged: their connections still build it.
 */
final class LazySyncRedisClient extends RedisClient {

    private LazySyncRedisClient(ClientResources resources, RedisURI uri) {
        super(resources, uri);
    }

    /** As {@code RedisClient.create(resources, uri)}. */
    static RedisClient of(ClientResources resources, RedisURI uri) {
        if (resources == null || uri == null) {
            throw new IllegalArgumentException("client resources and a Redis URI are required");
        }
        return new LazySyncRedisClient(resources, uri);
    }

    /** What Lettuce 6.8's own method builds, with a lazy sync API. */
    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter channelWriter,
                                                                                  PushHandler pushHandler,
                                                                                  RedisCodec<K, V> codec, Duration timeout) {
        return new LazySyncConnection<>(channelWriter, pushHandler, codec, timeout, getOptions().getJsonParser());
    }

    static final class LazySyncConnection<K, V> extends StatefulRedisConnectionImpl<K, V> {

        /** Built on first use; two threads racing may each build one, equivalent and both correct. */
        private volatile RedisCommands<K, V> lazySync;

        LazySyncConnection(RedisChannelWriter writer, PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout,
                           Supplier<JsonParser> parser) {
            super(writer, pushHandler, codec, timeout, parser);
        }

        /** Called by the superclass constructor: nothing is built there (its {@code sync} field stays null). */
        @Override
        protected RedisCommands<K, V> newRedisSyncCommandsImpl() {
            return null;
        }

        @Override
        public RedisCommands<K, V> sync() {
            RedisCommands<K, V> sync = lazySync;
            if (sync == null) {
                sync = syncHandler(async(), RedisCommands.class, RedisClusterCommands.class);
                lazySync = sync;
            }
            return sync;
        }

        /** Whether {@link #sync()} has built the synchronous API (tests). */
        boolean syncBuilt() {
            return lazySync != null;
        }
    }
}
