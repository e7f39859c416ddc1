package io.agentsafety.audit;

import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Before a checkpoint (SnapStart, CRaC) the audit connection's warm-up, which runs on a second thread, must be done
 * and its connection closed: shared/redis's checkpoint hook closes the connections it finds, but a warm-up still
 * opening could add one after it. After restore nothing is done eagerly: the next audit write reconnects.
 * <p>
 * The hook settles only the {@link AuditRedis} instances this context already created ({@link AuditRedisFactory}
 * hands each one to {@link #track}); it depends on nothing, because micronaut-crac creates every resource at
 * startup: a hook that depended on {@code AuditRedis} would build the audit's Redis client in every context that
 * has shared/audit, whether or not it ever audits, and fail its start on a bad audit setting (cold8, reverted).
 */
@Singleton
public class AuditCheckpoint implements OrderedResource {

    /** Longer than a connect's own timeout is not needed: an attempt past it has failed anyway. */
    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(10);

    private final List<AuditRedis> created = new CopyOnWriteArrayList<>();

    void track(AuditRedis redis) {
        created.add(redis);
    }

    /** The instances a checkpoint would settle (for tests: none in a context that never audited). */
    List<AuditRedis> tracked() {
        return List.copyOf(created);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws InterruptedException {
        for (AuditRedis redis : created) {
            redis.settleWarmUp(WARM_UP_WAIT);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // reconnect lazily: a restored instance may be frozen again before it serves anything
    }
}
