package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 on a Redis Cluster: 3 masters with one replica each (real redis-server processes, cluster created here),
 * the master of a loaded budget killed with {@code kill -9} while eight callers spend, reserve and commit, its replica
 * promoted after the 1 s node timeout. The client follows the failover without a restart, and afterwards every
 * ledger equals the acknowledged amounts exactly and each crossed threshold is recorded once. Redis replicates
 * asynchronously, so an acknowledged write not yet on the replica when its master dies would be lost: this test
 * would then fail with the budget and amounts; docs/reliability/faults.md has the measurements.
 * {@link ClusterReplicaAcknowledgementTest} makes that window real (the replica stopped before the kill) and closes it
 * with {@code safety.budget.redis.replica-acknowledgements}.
 */
class ClusterFailoverUnderLoadTest {

    private static final long AMOUNT = 1_234_567L;
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void aMasterKilledUnderLoadIsReplacedByItsReplicaAndNoAcknowledgedSpendIsLost() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.startWithReplicas()) {
            Map<String, Long> limits = new LinkedHashMap<>();
            String first = Ids.newId("run");
            int victim = cluster.masterIndexOf(BudgetKeys.state(first));
            String seed = cluster.seedUri(victim);
            try (RedisTarget setup = RedisTarget.cluster(seed); LedgerConnection connection = setup.connect(TIMEOUT)) {
                BudgetSettings settings = BudgetSettings.defaults().withCommandTimeout(TIMEOUT);
                LedgerScripts scripts = new LedgerScripts(connection, settings);
                BudgetEvents events = new BudgetEvents(connection, scripts, settings);
                BudgetLedger ledger = new BudgetLedger(scripts, events, settings);
                long[] sizes = {40, 200, 1_000_000};
                for (int i = 0; i < sizes.length; i++) {
                    String runId = i == 0 ? first : Ids.newId("run");
                    long limit = sizes[i] * AMOUNT;
                    ClusterLedgerChecks.retried(() -> ledger.create(runId, limit, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
                    limits.put(runId, sizes[i] * AMOUNT);
                }
                AtomicLong promotedMillis = new AtomicLong();
                LedgerLoad.Result result = new LedgerLoad(ledger, List.copyOf(limits.keySet()), AMOUNT, 8, Duration.ofSeconds(20))
                    .run(Duration.ofMillis(300), () -> {
                        long start = System.nanoTime();
                        cluster.killMaster(victim);
                        cluster.awaitPromotion(victim);
                        promotedMillis.set((System.nanoTime() - start) / 1_000_000);
                    }, Duration.ofMillis(1500));
                // a fresh client for the checks: the one made before the failover may still route to the dead master
                try (RedisTarget target = RedisTarget.cluster(seed)) {
                    ClusterLedgerChecks.SpentAfterFailover spent = ClusterLedgerChecks.spentAfterFailover(ledger, limits, result, AMOUNT);
                    System.out.printf("[faults] cluster failover (master %d of 3 killed, replica promoted after %d ms): %s; "
                        + "ledger spent/limit (in amounts):%s; acknowledged amounts lost: %d%n",
                        victim, promotedMillis.get(), result.summary(), spent.perBudget(), spent.lostAmounts());
                    LedgerExactness.Verdict verdict = LedgerExactness.assertExact(target, ledger, events, result, limits, false);
                    System.out.printf("[faults] cluster failover: keyless spends applied despite 503: %d; duplicate feed "
                        + "copies %d%n", verdict.appliedDespite503(), verdict.duplicateCopies());
                    assertTrue(result.unavailable.get() > 0, "the failover produced 503s");
                }
            }
        }
    }
}
