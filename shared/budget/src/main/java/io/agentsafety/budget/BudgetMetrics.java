package io.agentsafety.budget;

import io.agentsafety.core.metrics.Dimension;
import io.agentsafety.core.metrics.InvocationMetrics;
import io.agentsafety.core.metrics.MetricNames;
import jakarta.inject.Singleton;

import java.util.Set;

/**
 * The budget ledger's metrics, from what a mutation's script answered: {@code Spends} (a spend or commit recorded),
 * {@code SpendRefusals} by {@code Reason} (a spend, reservation or commit refused: {@code insufficient_budget} or
 * {@code circuit_open}), {@code BreakerTrips} (each {@code circuit_opened} event, whether a spend past the limit or an
 * operator opened it). Replays count nothing: the first answer was counted.
 */
@Singleton
public class BudgetMetrics {

    private static final Set<String> SPENDING = Set.of("spend", "commit");
    private static final Set<String> REFUSABLE = Set.of("spend", "reserve", "commit");

    private final InvocationMetrics metrics;

    public BudgetMetrics(InvocationMetrics metrics) {
        this.metrics = metrics;
    }

    public void record(String operation, LedgerResult result) {
        if (result.replayed()) {
            return;
        }
        if (SPENDING.contains(operation) && result.is(LedgerOutcome.OK)) {
            metrics.count(MetricNames.SPENDS, 1);
        } else if (REFUSABLE.contains(operation) && result.outcome().refusal()) {
            metrics.count(MetricNames.SPEND_REFUSALS, 1, Dimension.of("Reason", result.outcome().wireName()));
        }
        long trips = result.events().stream().filter("circuit_opened"::equals).count();
        if (trips > 0) {
            metrics.count(MetricNames.BREAKER_TRIPS, trips);
        }
    }
}
