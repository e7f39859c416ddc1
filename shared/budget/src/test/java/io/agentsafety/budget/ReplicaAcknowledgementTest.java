package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code safety.budget.redis.replica-acknowledgements} on one master with one replica (two real redis-server processes,
 * the replica started with {@code replicaof}): a spend is answered only once the replica holds it; the WAIT goes over
 * the very connection that ran the script (seen with MONITOR); with the replica stopped (SIGSTOP) a spend answers 503
 * "outcome unknown" within the WAIT timeout while reads go on answering; after SIGCONT the retry with the same key is
 * answered and the replica holds the spend once.
 */
class ReplicaAcknowledgementTest {

    private static final long UNIT = 1_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(300);

    @Test
    void aSpendIsAcknowledgedOnlyOnceTheReplicaHoldsIt() throws Exception {
        EmbeddedRedis master = EmbeddedRedis.startNew();
        int replicaPort = EmbeddedRedis.freePort();
        RedisServer replica = null;
        RedisClient raw = RedisClient.create();
        try {
            try (StatefulRedisConnection<String, String> admin = raw.connect(StringCodec.UTF8, RedisURI.create(master.uri()))) {
                admin.sync().configSet("repl-diskless-sync-delay", "0");
            }
            replica = RedisServer.builder().port(replicaPort).bind("127.0.0.1")
                .setting("replicaof 127.0.0.1 " + master.port())
                .setting("save \"\"").setting("appendonly no").build();
            replica.start();
            try (StatefulRedisConnection<String, String> onReplica = raw.connect(StringCodec.UTF8,
                     RedisURI.create("redis://127.0.0.1:" + replicaPort));
                 LedgerConnection connection = connect(master.port())) {
                awaitLinkUp(onReplica);
                awaitOnline(raw, master);
                awaitLibraryOnReplica(connection, raw, master);
                BudgetSettings settings = BudgetSettings.defaults().withCommandTimeout(TIMEOUT)
                    .withReplicaAcknowledgements(1, ACK_TIMEOUT);
                LedgerScripts scripts = new LedgerScripts(connection, settings);
                BudgetLedger ledger = new BudgetLedger(scripts, new BudgetEvents(connection, scripts, settings), settings);
                String runId = Ids.newId("run");
                assertEquals(LedgerOutcome.CREATED,
                    ledger.create(runId, 100 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}").outcome());
                assertTrue(onReplica.sync().get(BudgetKeys.state(runId)) != null, "the replica holds the budget once created");

                // each acknowledged spend is on the replica at the moment its answer arrives (read at once, no waiting)
                long spent = 0;
                for (int i = 0; i < 20; i++) {
                    assertEquals(LedgerOutcome.OK, ledger.spend(runId, UNIT, true, "s-" + i, null).outcome());
                    spent += UNIT;
                    assertEquals(spent, spentOn(onReplica, runId), "spend " + i + " acknowledged before the replica had it");
                }

                // the WAIT is sent on the connection that ran the script, after a fence write on it; reads never wait
                try (RedisMonitor monitor = new RedisMonitor(master.port())) {
                    assertEquals(LedgerOutcome.OK, ledger.spend(runId, UNIT, true, "watched", null).outcome());
                    spent += UNIT;
                    assertEquals(spent, ledger.status(runId).snapshot().spentMicros());
                    assertEquals(LedgerOutcome.OK, ledger.canSpend(runId, UNIT).outcome());
                    List<RedisMonitor.Command> fcalls = monitor.await(3, "FCALL");
                    Thread.sleep(200);
                    List<RedisMonitor.Command> waits = monitor.named("WAIT");
                    assertEquals(1, waits.size(), "one WAIT, for the one write: " + monitor.named("FCALL", "WAIT", "SET"));
                    String writer = waits.get(0).client();
                    List<RedisMonitor.Command> fromWriter = monitor.named("FCALL", "SET", "WAIT").stream()
                        .filter(c -> c.client().equals(writer)).toList();
                    assertEquals(List.of("FCALL", "SET", "WAIT"), fromWriter.stream().map(RedisMonitor.Command::name).toList(),
                        "script, fence and WAIT from one connection, in that order: " + fromWriter);
                    assertTrue(fromWriter.get(0).line().contains("spend"), fromWriter.get(0).line());
                    assertTrue(fromWriter.get(1).line().contains("safety:replicated:{" + runId + "}"), fromWriter.get(1).line());
                    assertEquals(2, fcalls.stream().filter(c -> !c.client().equals(writer)).count(),
                        "status and can-spend run on the main connection: " + fcalls);
                }

                // the replica stopped: the spend is run by the master but not confirmed, so its outcome is unknown
                ProcessHandle replicaProcess = RedisProcess.of(replicaPort);
                RedisProcess.signal(replicaProcess, "STOP");
                try {
                    long start = System.nanoTime();
                    ProblemException unknown = assertThrows(ProblemException.class,
                        () -> ledger.spend(runId, UNIT, true, "while-stopped", null));
                    long tookMillis = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(503, unknown.status());
                    assertEquals("ledger_outcome_unknown", unknown.problem().code());
                    assertTrue(unknown.problem().detail().contains("NOT known"), unknown.problem().detail());
                    assertTrue(tookMillis >= ACK_TIMEOUT.toMillis() - 20 && tookMillis < TIMEOUT.toMillis(),
                        "answered after the WAIT timeout, before the command timeout: " + tookMillis + " ms");
                    // nothing else breaks: reads answer at once (they never wait) and show the master's state
                    long readStart = System.nanoTime();
                    assertEquals(spent + UNIT, ledger.status(runId).snapshot().spentMicros(), "the master ran the spend");
                    assertEquals(LedgerOutcome.OK, ledger.canSpend(runId, UNIT).outcome());
                    assertTrue((System.nanoTime() - readStart) / 1_000_000 < ACK_TIMEOUT.toMillis(), "reads did not wait");
                    // a retry with the same key replays the answer, and is not confirmed either while the replica is stopped
                    ProblemException retry = assertThrows(ProblemException.class,
                        () -> ledger.spend(runId, UNIT, true, "while-stopped", null));
                    assertEquals("ledger_outcome_unknown", retry.problem().code());
                    System.out.printf("[replicas] replica stopped: spend answered 503 ledger_outcome_unknown after %d ms "
                        + "(WAIT timeout %d ms)%n", tookMillis, ACK_TIMEOUT.toMillis());
                } finally {
                    RedisProcess.signal(replicaProcess, "CONT");
                }
                // resumed: the retry with the same key is answered, once, and the replica holds it
                LedgerResult retried = ledger.spend(runId, UNIT, true, "while-stopped", null);
                assertEquals(LedgerOutcome.OK, retried.outcome());
                assertTrue(retried.replayed(), "the retry replays the spend the master ran, it does not spend again");
                spent += UNIT;
                assertEquals(spent, spentOn(onReplica, runId));
                assertEquals(LedgerOutcome.OK, ledger.spend(runId, UNIT, true, "after", null).outcome());
                spent += UNIT;
                assertEquals(spent, spentOn(onReplica, runId));
                assertEquals(spent, ledger.status(runId).snapshot().spentMicros());
            }
        } finally {
            if (replica != null) {
                replica.stop();
            }
            master.close();
            raw.shutdown();
        }
    }

    @Test
    void theFenceKeyIsInTheSlotOfTheKeysItFollows() {
        String runId = Ids.newId("run");
        for (String key : List.of(BudgetKeys.state(runId), BudgetKeys.events(runId), BudgetIndex.KEY)) {
            assertEquals(SlotHash.getSlot(key), SlotHash.getSlot(ReplicaAcknowledgements.fenceKey(key)), key);
        }
    }

    private static LedgerConnection connect(int port) {
        RedisURI uri = RedisURI.create("redis://127.0.0.1:" + port);
        uri.setTimeout(TIMEOUT);
        return LettuceLedgerConnection.standalone(uri, TIMEOUT);
    }

    /** The spent amount in the hot state as the replica holds it (limit|spent|...). */
    private static long spentOn(StatefulRedisConnection<String, String> replica, String runId) {
        String state = replica.sync().get(BudgetKeys.state(runId));
        return Amounts.parse(state.split("\\|")[1]);
    }

    /**
     * The master's own view: after a diskless full sync the master counts the replica (for WAIT) only once the replica's
     * first REPLCONF ACK after loading arrived, up to a second after the replica reports its link up.
     */
    private static void awaitOnline(RedisClient raw, EmbeddedRedis master) throws InterruptedException {
        try (StatefulRedisConnection<String, String> admin = raw.connect(StringCodec.UTF8, RedisURI.create(master.uri()))) {
            long deadline = System.currentTimeMillis() + 15_000;
            while (!admin.sync().info("replication").contains("state=online")) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the master does not count the replica online");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * The ledger's function library loaded on the master and held by the replica before the calls under test: a fresh
     * ledger's first call loads it (FUNCTION LOAD, replicated), and a replica on a loaded machine (load 15 on two cores)
     * took longer than the 300 ms WAIT to compile it, so the test's create answered 503 before any spend was tried.
     * Loaded by a ledger without acknowledgements on the same connection, then awaited with WAIT 1 on the master.
     */
    private static void awaitLibraryOnReplica(LedgerConnection connection, RedisClient raw, EmbeddedRedis master) {
        BudgetSettings plain = BudgetSettings.defaults().withCommandTimeout(TIMEOUT);
        LedgerScripts scripts = new LedgerScripts(connection, plain);
        BudgetLedger warm = new BudgetLedger(scripts, new BudgetEvents(connection, scripts, plain), plain);
        assertEquals(LedgerOutcome.CREATED,
            warm.create(Ids.newId("run"), UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}").outcome());
        try (StatefulRedisConnection<String, String> admin = raw.connect(StringCodec.UTF8, RedisURI.create(master.uri()))) {
            assertEquals(1L, admin.sync().waitForReplication(1, 15_000), "the replica holds the library");
        }
    }

    private static void awaitLinkUp(StatefulRedisConnection<String, String> replica) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!replica.sync().info("replication").contains("master_link_status:up")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the replica did not sync");
            }
            Thread.sleep(50);
        }
    }
}
