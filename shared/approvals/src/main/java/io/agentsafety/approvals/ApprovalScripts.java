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
        INDEX_CREATED(false), INDEX_MOVE(false), INDEX_PAGE(false), INDEX_DUE(false), INDEX_RESCHEDULE(false),
        INDEX_TRIM(false), OUTBOX_CLAIM(false), OUTBOX_SETTLE(false);

        private final boolean recordPrelude;

        Op(boolean recordPrelude) {
            this.recordPrelude = recordPrelude;
        }
    }

    private final DeadlineScripts<Op> scripts;

    public ApprovalScripts(LedgerConnection connection, BudgetSettings settings) {
        String prelude = DeadlineScripts.resource(ApprovalScripts.class, "/io/agentsafety/approvals/lua/record_common.lua");
        this.scripts = new DeadlineScripts<>(connection, settings, Op.class, op -> {
            String body = DeadlineScripts.resource(ApprovalScripts.class,
                "/io/agentsafety/approvals/lua/" + op.name().toLowerCase(Locale.ROOT) + ".lua");
            return op.recordPrelude ? prelude + "\n" + body : body;
        }, "approval store", ApprovalScripts::unavailable);
    }

    String run(Op op, String[] keys, String... args) {
        return scripts.run(op, keys, args);
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
