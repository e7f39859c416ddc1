package io.agentsafety.approvals;

import io.agentsafety.core.metrics.Dimension;
import io.agentsafety.core.metrics.InvocationMetrics;
import io.agentsafety.core.metrics.MetricNames;
import io.agentsafety.core.metrics.MetricUnit;
import jakarta.inject.Singleton;

/**
 * {@code ApprovalLatency}: for each request decided (pending → approved or denied), the milliseconds from its creation to
 * the decision ({@code decided_at - created_at}), by {@code Outcome}. Votes that leave a request pending, expiries and
 * uses are not decisions.
 */
@Singleton
public class ApprovalMetrics implements ApprovalTransition.Listener {

    private final InvocationMetrics metrics;

    public ApprovalMetrics(InvocationMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onTransition(ApprovalTransition transition) {
        boolean decided = transition.to() == ApprovalStatus.APPROVED || transition.to() == ApprovalStatus.DENIED;
        if (decided && transition.from() == ApprovalStatus.PENDING && transition.createdMs() >= 0) {
            metrics.observe(MetricNames.APPROVAL_LATENCY, MetricUnit.MILLISECONDS, Math.max(0, transition.atMs() - transition.createdMs()),
                Dimension.of("Outcome", transition.to().wireName()));
        }
    }
}
