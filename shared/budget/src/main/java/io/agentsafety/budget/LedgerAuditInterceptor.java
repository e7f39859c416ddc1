package io.agentsafety.budget;

import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import jakarta.inject.Singleton;

import java.util.Set;

/**
 * Records what a ledger mutation did after its script returned: the mutation itself (replays marked),
 * then the threshold and breaker events the script reported. A ledger failure propagates unrecorded
 * (nothing was changed, the caller answers 503); an audit failure never fails the mutation, which has
 * already happened. The same answer feeds the ledger's metrics ({@link BudgetMetrics}).
 */
@Singleton
public class LedgerAuditInterceptor implements MethodInterceptor<Object, Object> {

    static final Set<String> MUTATIONS = Set.of("create", "spend", "reserve", "commit", "release", "update", "delete");

    private final BudgetAuditRecorder recorder;
    private final BudgetMetrics metrics;

    public LedgerAuditInterceptor(BudgetAuditRecorder recorder, BudgetMetrics metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        Object result = context.proceed();
        if (result instanceof LedgerResult ledgerResult && MUTATIONS.contains(context.getMethodName())) {
            recorder.record(context.getMethodName(), context.getParameterValueMap(), ledgerResult);
            metrics.record(context.getMethodName(), ledgerResult);
        }
        return result;
    }
}
