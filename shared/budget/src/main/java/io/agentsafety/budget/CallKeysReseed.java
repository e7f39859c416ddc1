package io.agentsafety.budget;

import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

/**
 * After a restore (SnapStart, CRaC), keyless calls' keys are drawn from new secrets ({@link CallKeys#reseed}): every
 * instance restored from one snapshot would otherwise hand out the same key sequence, so one call could replay
 * another's recorded answer.
 */
@Singleton
public class CallKeysReseed implements OrderedResource {

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // nothing to close: the secrets are replaced after restore
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        CallKeys.reseed();
    }
}
