package io.agentsafety.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Hands out {@link LazyConnection}s to one Redis and closes them all before a CRaC checkpoint
 * ({@link RedisCheckpoint}). The service's connector ({@link RedisConnectorFactory}) connects through the
 * framework's client bean; {@link #standalone}/{@link #cluster} build a client of their own with the same
 * options (tests, benchmarks, and an audit trail kept on another Redis).
 */
public final class RedisConnector implements AutoCloseable {

    private final Supplier<CompletableFuture<StatefulConnection<String, String>>> opener;
    private final Runnable shutdown;
    private final List<LazyConnection> connections = new CopyOnWriteArrayList<>();

    RedisConnector(Supplier<CompletableFuture<StatefulConnection<String, String>>> opener, Runnable shutdown) {
        this.opener = opener;
        this.shutdown = shutdown;
    }

    /** A new connection of its own (the ledger and the audit trail each keep one), opened on first use. */
    public LazyConnection connection() {
        LazyConnection connection = new LazyConnection(opener);
        connections.add(connection);
        return connection;
    }

    /** Closes every connection handed out; each reopens on its next use. */
    public void closeConnections() {
        connections.forEach(LazyConnection::close);
    }

    @Override
    public void close() {
        closeConnections();
        shutdown.run();
    }

    public static RedisConnector standalone(RedisURI uri, Duration timeout) {
        ClientResources resources = resources();
        RedisClient client = LazySyncRedisClient.of(resources, uri);
        client.setOptions(RedisClientOptions.standalone(timeout));
        return new RedisConnector(() -> connect(client, uri), () -> shutdown(client, resources));
    }

    public static RedisConnector cluster(RedisURI seed, Duration timeout) {
        ClientResources resources = resources();
        RedisClusterClient client = RedisClusterClient.create(resources, seed);
        client.setOptions(RedisClientOptions.cluster(timeout));
        return new RedisConnector(() -> connect(client), () -> shutdown(client, resources));
    }

    static CompletableFuture<StatefulConnection<String, String>> connect(RedisClient client, RedisURI uri) {
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenApply(c -> c);
    }

    static CompletableFuture<StatefulConnection<String, String>> connect(RedisClusterClient client) {
        // an asynchronous cluster connect needs the topology first (the blocking connect loads it itself)
        return client.refreshPartitionsAsync().toCompletableFuture()
            .thenCompose(ignored -> client.connectAsync(StringCodec.UTF8)).thenApply(c -> c);
    }

    static ClientResources resources() {
        return ClientResources.builder()
            .ioThreadPoolSize(LambdaClientResources.THREADS)
            .computationThreadPoolSize(LambdaClientResources.THREADS)
            .reconnectDelay(LambdaClientResources.reconnectDelay())
            .addressResolverGroup(LambdaClientResources.ADDRESS_RESOLVER)
            .build();
    }

    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
