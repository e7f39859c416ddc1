package io.agentsafety.approvals;

import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.DeadlineScripts;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.core.ProblemException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The approval Lua scripts over the service's one Redis connection (the budget module's {@link LedgerConnection}),
 * run through {@link DeadlineScripts} (by SHA1, EVAL on NOSCRIPT). Any Redis failure becomes a 503 that names no host.
 * <p>
 * As for the ledger, a 503 means nothing was written: every call carries a deadline a little before the client's
 * command timeout ({@link DeadlineScripts}: {@code deadline.lua} is prepended to every script), and a script that starts after it by Redis's
 * own clock changes nothing.
 */
@Singleton
public class ApprovalScripts {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalScripts.class);

    /** Scripts over one approval's keys get the shared record prelude; index scripts run alone. */
    enum Op {
        CREATE(true), GET(true), APPROVE(true), DENY(true), CONSUME(true), CALLBACK_DONE(true),
        /** CREATE then INDEX_CREATED in one script, on one server only (their keys are on different cluster slots). */
        CREATE_INDEXED(false),
        INDEX_CREATED(false), INDEX_MOVE(false), INDEX_PAGE(false), INDEX_DUE(false), INDEX_RESCHEDULE(false),
        INDEX_TRIM(false), OUTBOX_CLAIM(false), OUTBOX_SETTLE(false);

        private final boolean recordPrelude;

        Op(boolean recordPrelude) {
            this.recordPrelude = recordPrelude;
        }
    }

    private final DeadlineScripts<Op> scripts;
    private final LedgerConnection connection;

    public ApprovalScripts(LedgerConnection connection, BudgetSettings settings) {
        this.connection = connection;
        this.scripts = new DeadlineScripts<>(connection, settings, Op.class, ApprovalScripts::source, "approval store",
            ApprovalScripts::unavailable);
    }

    String run(Op op, String[] keys, String... args) {
        return scripts.run(op, keys, args);
    }

    /** Whether every key is on one server (not a cluster), so that one script may span an approval and the indexes. */
    boolean oneServer() {
        try {
            return !connection.cluster();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static String source(Op op) {
        if (op == Op.CREATE_INDEXED) {
            // each script as a function of its own KEYS and ARGV, so both run exactly as they do alone; ARGV[1] says
            // how many of the rest are the index script's (they come first), the record script's follow
            return "local function create(KEYS, ARGV)\n" + body(Op.CREATE) + "\nend\n"
                + "local function index(KEYS, ARGV)\n" + body(Op.INDEX_CREATED) + "\nend\n"
                + "local split = tonumber(ARGV[1])\n"
                + "local created = create({KEYS[1]}, {unpack(ARGV, split + 2)})\n"
                + "if type(created) == 'table' then return created end -- an error reply: nothing was written\n"
                + "index({unpack(KEYS, 2)}, {unpack(ARGV, 2, split + 1)})\n"
                + "return created";
        }
        String body = body(op);
        return op.recordPrelude
            ? DeadlineScripts.resource(ApprovalScripts.class, "/io/agentsafety/approvals/lua/record_common.lua") + "\n" + body : body;
    }

    private static String body(Op op) {
        return DeadlineScripts.resource(ApprovalScripts.class, "/io/agentsafety/approvals/lua/" + op.name().toLowerCase(Locale.ROOT) + ".lua");
    }

    /** Redis failures carry host names and server text: log the kind only and answer a plain 503. */
    static ProblemException unavailable(RuntimeException e) {
        LOG.warn("approval store unavailable: {}", e.getClass().getSimpleName());
        return unavailable();
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("approvals_unavailable", "the approval store is unavailable; nothing was "
            + "written (a command that reaches the store after its deadline is refused), so the call can be retried");
    }
}
