package io.agentsafety.redis;

import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

/**
 * Before a checkpoint (SnapStart, CRaC) every connection is closed, so that no socket is captured in the
 * snapshot; after restore nothing is done eagerly: the next command reconnects ({@link LazyConnection}).
 * micronaut-crac's own Redis resource only destroys the framework's connection beans, which this service
 * does not have (they would connect at start; see README), so the connections are closed here.
 */
@Singleton
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
