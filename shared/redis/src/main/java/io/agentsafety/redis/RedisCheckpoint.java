package io.agentsafety.redis;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.crac.OrderedResource;
import io.micronaut.crac.resources.redis.RedisNamedConfigResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

/**
 * Before a checkpoint (SnapStart, CRaC) every connection is closed, so that no socket is captured in the
 * snapshot; after restore nothing is done eagerly: the next command reconnects ({@link LazyConnection}).
 * Replaces micronaut-crac's Redis resource, which looks the connection beans up to destroy them — with
 * lazily opened connections that lookup would open one (and fail the checkpoint when Redis is away).
 * The client and its threads stay; they hold no connection.
 */
@Singleton
@Replaces(RedisNamedConfigResource.class)
public class RedisCheckpoint implements OrderedResource {

    private final RedisConnector connector;

    RedisCheckpoint(RedisConnector connector) {
        this.connector = connector;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        connector.closeConnections();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // reconnect lazily: a restored instance may be frozen again before it serves anything
    }
}
