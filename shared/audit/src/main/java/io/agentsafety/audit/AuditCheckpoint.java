package io.agentsafety.audit;

import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

import java.time.Duration;

/**
 * Before a checkpoint (SnapStart, CRaC) the audit connection's warm-up, which runs on a second thread, must be done
 * and its connection closed: shared/redis's checkpoint hook closes the connections it finds, but a warm-up still
 * opening could add one after it. After restore nothing is done eagerly: the next audit write reconnects.
 */
@Singleton
public class AuditCheckpoint implements OrderedResource {

    /** Longer than a connect's own timeout is not needed: an attempt past it has failed anyway. */
    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(10);

    private final AuditRedis redis;

    AuditCheckpoint(AuditRedis redis) {
        this.redis = redis;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws InterruptedException {
        redis.settleWarmUp(WARM_UP_WAIT);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // reconnect lazily: a restored instance may be frozen again before it serves anything
    }
}
