package io.agentsafety.budget;

import io.agentsafety.core.ProblemException;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ledger's Lua scripts, read once from resources (shared prelude + operation) and run through {@link DeadlineScripts}:
 * on Redis 7 as the functions of one library (FCALL; loaded again when a server lacks it), else by EVALSHA. A server that
 * does not know a script (restart, failover, new cluster node) answers NOSCRIPT; the call is then repeated once with
 * EVAL, which also caches the script on that node. Any Redis failure becomes
 * a 503: a spend is never decided without the ledger.
 * <p>
 * "503 with nothing written" holds by construction: every call carries a deadline (the last ARGV, read by the
 * shared prelude) a little before this client gives up waiting, and a script that starts after it by the
 * server's own clock ({@code TIME}) writes nothing. So a command stuck behind a paused (SIGSTOP), blocked or
 * overloaded server and applied once it resumes cannot turn an answered 503 into a spend.
 */
@jakarta.inject.Singleton
public final class LedgerScripts {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerScripts.class);

    private static final String PRELUDE = DeadlineScripts.resource(LedgerScripts.class, "/io/agentsafety/budget/lua/common.lua");
    /** Starts every call: the prelude's per-call state, and the deadline prelude's reading of TIME as the call's clock. */
    private static final String GLUE = "begin(KEYS, DEADLINE_CLOCK_MS)";
    /**
     * Redis 7 serves the scripts as one library of functions (see {@link FunctionLibrary}); older servers by EVALSHA. The
     * library checks the deadline with {@code deadline_library.lua} (parsing memos kept across calls), EVAL with
     * {@code deadline.lua}: the same decision and clock.
     */
    private static final FunctionLibrary<Op> LIBRARY = new FunctionLibrary<>("agentsafety_ledger", Op.class,
        DeadlineScripts.DEADLINE_CALL, DeadlineScripts.DEADLINE_LIBRARY + "\n" + PRELUDE, GLUE, LedgerScripts::body);

    public enum Op { CREATE, SPEND, CAN_SPEND, STATUS, RESERVE, COMMIT, RELEASE, UPDATE, DELETE, EVENTS, ACK, INDEX_ADD, INDEX_FORGET,
        INDEX_PAGE }

    /**
     * The operations that write what a caller is told is recorded: with replica acknowledgements on, each is answered
     * only once replicas hold it. Reads (can-spend, status, events, index page) never wait; nor do two bookkeeping
     * writes whose loss in a failover repairs itself: ACK (a threshold event's global copy is made again under the same
     * ledger_event_id) and INDEX_FORGET (the listing, a read, drops an entry whose budget is gone, again).
     */
    static final Set<Op> WRITES = EnumSet.of(Op.CREATE, Op.SPEND, Op.RESERVE, Op.COMMIT, Op.RELEASE, Op.UPDATE, Op.DELETE,
        Op.INDEX_ADD);

    private final LedgerConnection connection;
    private final DeadlineScripts<Op> scripts;

    public LedgerScripts(LedgerConnection connection) {
        this(connection, BudgetSettings.defaults());
    }

    @jakarta.inject.Inject
    public LedgerScripts(LedgerConnection connection, BudgetSettings settings) {
        this.connection = connection;
        this.scripts = new DeadlineScripts<>(connection, settings, Op.class, op -> PRELUDE + "\n" + GLUE + "\n" + body(op),
            LIBRARY, "budget ledger", LedgerScripts::unavailableNothingWritten, WRITES);
    }

    private static String body(Op op) {
        return DeadlineScripts.resource(LedgerScripts.class, "/io/agentsafety/budget/lua/" + op.name().toLowerCase(Locale.ROOT) + ".lua");
    }

    public String run(Op op, String[] keys, String... args) {
        return scripts.run(op, keys, args);
    }

    /** Runs one script once per key set, pipelined (a page of statuses): see {@link DeadlineScripts#runAll}. */
    public List<String> runAll(Op op, List<String[]> keys, String... args) {
        return scripts.runAll(op, keys, args);
    }

    /** Whether the ledger runs on a Redis Cluster (see {@link LedgerConnection#cluster()}); Redis down → 503. */
    public boolean cluster() {
        try {
            return connection.cluster();
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    public String sha(Op op) {
        return scripts.sha(op);
    }

    /** Redis failures carry host names and server text: log the kind only and answer a plain 503. */
    public static ProblemException unavailable(RuntimeException e) {
        LOG.warn("budget ledger unavailable: {}", e.getClass().getSimpleName());
        return unavailableNothingWritten();
    }

    /**
     * A command queued past its deadline is refused, so a delayed command cannot apply after this 503; but a reply
     * lost on the way back (a connection dropped, a server stopped just after it ran the script) can hide an applied
     * call (docs/reliability/faults.md: 7 of 34 keyless 503s under CLIENT KILL). Only an idempotency key makes the
     * retry exact, so the text says so instead of promising that nothing was written.
     */
    private static ProblemException unavailableNothingWritten() {
        return ProblemException.unavailable("ledger_unavailable", "the budget ledger is unavailable; a command that "
            + "reaches the ledger after its deadline is refused, but a reply lost on the way back can hide an applied "
            + "call: retry with the same idempotency_key (a call without one may have been applied)");
    }
}
