package io.agentsafety.approvals;

import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.core.ProblemException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The approval Lua scripts over the service's one Redis connection (the budget module's {@link LedgerConnection}),
 * called by SHA1 with an EVAL fallback on NOSCRIPT. Any Redis failure becomes a 503 that names no host.
 * <p>
 * As for the ledger, a 503 means nothing was written: every call carries a deadline a little before the client's
 * command timeout ({@code deadline.lua}, prepended to every script), and a script that starts after it by Redis's
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

    private record Script(String source, String sha) {
    }

    /** The reply of a script that started after its caller's deadline. */
    static final String DEADLINE_PASSED = "deadline_passed";

    private final LedgerConnection connection;
    private final Map<Op, Script> scripts = new EnumMap<>(Op.class);
    private final long deadlineMillis;

    public ApprovalScripts(LedgerConnection connection, BudgetSettings settings) {
        this.connection = connection;
        // the client's command timeout when the connection knows it (the one that decides when a caller gets its 503)
        long timeout = (connection.commandTimeout() != null ? connection.commandTimeout() : settings.commandTimeout()).toMillis();
        this.deadlineMillis = timeout - Math.min(timeout / 4, 500);
        String deadline = resource("deadline");
        String prelude = resource("record_common");
        for (Op op : Op.values()) {
            String body = resource(op.name().toLowerCase(Locale.ROOT));
            String source = deadline + "\n" + (op.recordPrelude ? prelude + "\n" + body : body);
            scripts.put(op, new Script(source, sha1(source)));
        }
    }

    String run(Op op, String[] keys, String... args) {
        Script script = scripts.get(op);
        String[] withDeadline = java.util.Arrays.copyOf(args, args.length + 1);
        withDeadline[args.length] = Long.toString(System.currentTimeMillis() + deadlineMillis);
        String reply;
        try {
            try {
                reply = connection.evalsha(script.sha(), keys, withDeadline);
            } catch (RedisNoScriptException e) {
                reply = connection.eval(script.source(), keys, withDeadline);
            }
        } catch (RedisException e) {
            throw unavailable(e);
        }
        if (DEADLINE_PASSED.equals(reply)) {
            LOG.warn("approval store command refused past its deadline: op={}", op);
            throw unavailable();
        }
        return reply;
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

    private static String resource(String name) {
        String path = "/io/agentsafety/approvals/lua/" + name + ".lua";
        try (InputStream in = ApprovalScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing approval script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
