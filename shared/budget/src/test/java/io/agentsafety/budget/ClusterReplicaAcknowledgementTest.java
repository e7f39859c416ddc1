package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code safety.budget.redis.replica-acknowledgements} on a Redis Cluster (3 masters + 3 replicas, real processes):
 * a master killed with {@code kill -9} under load, its replica promoted, the dead node then started again and joined as
 * the new master's replica (until then a slot has no replica, and with the setting on its writes answer 503). Redis replicates asynchronously, so to make the
 * window real a variant first stops the victim's replica (SIGSTOP) and drops its replication link, lets writes pile up on
 * the master alone for 300 ms, then kills the master and resumes the replica, which is promoted without them. With
 * the setting on, those writes answered 503 "outcome unknown" (retried with their key after the failover) and every
 * ledger equals the acknowledged amounts exactly; with it off the same scenario is run and the acknowledged amounts it
 * lost are measured and printed, not asserted (docs/reliability/faults.md). Before the load, MONITOR on the slot's
 * master shows the spend's script, fence and WAIT coming from one node connection.
 */
class ClusterReplicaAcknowledgementTest {

    private static final long AMOUNT = 1_234_567L;
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(200);
    private static final Duration PILE_UP = Duration.ofMillis(300);

    @Test
    void withAcknowledgementsAKilledMasterLosesNoAcknowledgedSpend() throws Exception {
        Outcome outcome = failover(true, false);
        assertEquals(0, outcome.lost, "acknowledged amounts lost");
    }

    @Test
    void withAcknowledgementsWritesPiledUpOnTheKilledMasterWereNeverAcknowledged() throws Exception {
        Outcome outcome = failover(true, true);
        assertEquals(0, outcome.lost, "acknowledged amounts lost");
        assertTrue(outcome.unknown > 0, "writes during the pile-up were answered 503 outcome unknown");
    }

    @Test
    void withoutAcknowledgementsTheSameScenarioIsMeasured() throws Exception {
        Outcome outcome = failover(false, true);
        // measured, not asserted: whether a write is lost depends on where the kill falls
        assertTrue(outcome.acknowledged > 0, "the load ran");
    }

    private record Outcome(long lost, long unknown, long acknowledged) {
    }

    private Outcome failover(boolean acknowledgements, boolean pileUp) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.startWithReplicas()) {
            String first = Ids.newId("run");
            int victim = cluster.masterIndexOf(BudgetKeys.state(first));
            String seed = cluster.seedUri(victim);
            try (RedisTarget setup = RedisTarget.cluster(seed); LedgerConnection connection = setup.connect(TIMEOUT)) {
                BudgetSettings settings = BudgetSettings.defaults().withCommandTimeout(TIMEOUT)
                    .withReplicaAcknowledgements(acknowledgements ? 1 : 0, ACK_TIMEOUT);
                LedgerScripts scripts = new LedgerScripts(connection, settings);
                BudgetEvents events = new BudgetEvents(connection, scripts, settings);
                BudgetLedger ledger = new BudgetLedger(scripts, events, settings);
                // all three budgets on the victim's slots: every write of the load is exposed to the failover
                Map<String, Long> limits = new LinkedHashMap<>();
                long[] sizes = {1_000_000, 200, 40};
                for (int i = 0; i < sizes.length; i++) {
                    String runId = i == 0 ? first : onMaster(cluster, victim);
                    long limit = sizes[i] * AMOUNT;
                    ClusterLedgerChecks.retried(() -> ledger.create(runId, limit, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
                    limits.put(runId, limit);
                }
                if (acknowledgements) {
                    // on a budget of its own: the load's budgets must hold exactly what the load was told
                    String probe = onMaster(cluster, victim);
                    ClusterLedgerChecks.retried(() -> ledger.create(probe, 10 * AMOUNT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
                    assertOneNodeConnection(cluster.masterPort(victim), ledger, probe);
                }
                AtomicLong promotedMillis = new AtomicLong();
                AtomicLong rejoinedMillis = new AtomicLong();
                LedgerLoad.Result result = new LedgerLoad(ledger, List.copyOf(limits.keySet()), AMOUNT, 8, Duration.ofSeconds(20))
                    .run(Duration.ofMillis(300), () -> {
                        if (pileUp) {
                            cluster.signalReplica(victim, "STOP");
                            cluster.dropReplicaLinks(victim);
                            Thread.sleep(PILE_UP.toMillis());
                        }
                        long start = System.nanoTime();
                        try {
                            cluster.killMaster(victim);
                        } finally {
                            if (pileUp) {
                                cluster.signalReplica(victim, "CONT");
                            }
                        }
                        cluster.awaitPromotion(victim);
                        promotedMillis.set((System.nanoTime() - start) / 1_000_000);
                        // the promoted master has no replica until the dead node rejoins as one: till then WAIT 1 cannot be
                        // met and writes of its slots answer 503 (setting on), which is what the setting asks for
                        cluster.restartAsReplica(victim);
                        rejoinedMillis.set((System.nanoTime() - start) / 1_000_000);
                    }, Duration.ofMillis(1500));
                try (RedisTarget target = RedisTarget.cluster(seed)) {
                    ClusterLedgerChecks.SpentAfterFailover spent = ClusterLedgerChecks.spentAfterFailover(ledger, limits, result, AMOUNT);
                    System.out.printf("[faults] cluster failover, replica acknowledgements %s%s (replica promoted after %d ms, "
                            + "old master back as its replica after %d ms): %s; ledger spent/limit (in amounts):%s; acknowledged amounts lost: %d%n",
                        acknowledgements ? "1 (WAIT " + ACK_TIMEOUT.toMillis() + " ms)" : "off",
                        pileUp ? ", replica stopped and unlinked " + PILE_UP.toMillis() + " ms before the kill" : "",
                        promotedMillis.get(), rejoinedMillis.get(), result.summary(), spent.perBudget(), spent.lostAmounts());
                    if (acknowledgements) {
                        LedgerExactness.assertExact(target, ledger, events, result, limits, false);
                    }
                    return new Outcome(spent.lostAmounts(), result.unavailable.get(), result.acknowledged.get());
                }
            }
        }
    }

    /** MONITOR on the slot's master: the spend's FCALL, the fence SET and the WAIT all come from one client. */
    private static void assertOneNodeConnection(int masterPort, BudgetLedger ledger, String runId) throws Exception {
        try (RedisMonitor monitor = new RedisMonitor(masterPort)) {
            assertEquals(LedgerOutcome.OK, ClusterLedgerChecks.retried(() -> ledger.spend(runId, AMOUNT, true, "watched", null)).outcome());
            List<RedisMonitor.Command> waits = monitor.await(1, "WAIT");
            assertEquals(1, waits.size(), "one WAIT for one spend");
            String client = waits.get(0).client();
            List<String> fromIt = monitor.named("FCALL", "SET", "WAIT").stream()
                .filter(c -> c.client().equals(client)).map(RedisMonitor.Command::name).toList();
            assertEquals(List.of("FCALL", "SET", "WAIT"), fromIt, "script, fence and WAIT on one node connection");
        }
    }

    private static String onMaster(EmbeddedCluster cluster, int master) {
        while (true) {
            String runId = Ids.newId("run");
            if (cluster.masterIndexOf(BudgetKeys.state(runId)) == master) {
                return runId;
            }
        }
    }
}
