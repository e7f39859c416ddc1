package io.agentsafety.budget;

import io.agentsafety.core.ProblemException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The ledger's Lua scripts, read once from resources (shared prelude + operation) and called by SHA1.
 * A server that does not know a script (restart, failover, new cluster node) answers NOSCRIPT; the call
 * is then repeated once with EVAL, which also caches the script on that node. Any Redis failure becomes
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

    public enum Op { CREATE, SPEND, CAN_SPEND, STATUS, RESERVE, COMMIT, RELEASE, UPDATE, DELETE, EVENTS, ACK, INDEX_ADD, INDEX_FORGET,
        INDEX_PAGE }

    private record Script(String source, String sha) {
    }

    /** The reply of a script that started after its caller's deadline. */
    static final String DEADLINE_PASSED = "deadline_passed";

    private final LedgerConnection connection;
    private final Map<Op, Script> scripts = new EnumMap<>(Op.class);
    /** How long before the client's own timeout a command stops being applicable (time for its reply to travel). */
    private final long deadlineMillis;

    public LedgerScripts(LedgerConnection connection) {
        this(connection, BudgetSettings.defaults());
    }

    @jakarta.inject.Inject
    public LedgerScripts(LedgerConnection connection, BudgetSettings settings) {
        this.connection = connection;
        // the client's command timeout when the connection knows it (the one that decides when a caller gets its 503)
        long timeout = (connection.commandTimeout() != null ? connection.commandTimeout() : settings.commandTimeout()).toMillis();
        this.deadlineMillis = timeout - Math.min(timeout / 4, 500);
        String prelude = resource("common");
        for (Op op : Op.values()) {
            String source = prelude + "\n" + resource(op.name().toLowerCase(java.util.Locale.ROOT));
            scripts.put(op, new Script(source, sha1(source)));
        }
    }

    public String run(Op op, String[] keys, String... args) {
        Script script = scripts.get(op);
        String[] withDeadline = withDeadline(args);
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
        if (reply != null && reply.startsWith(DEADLINE_PASSED + "\n")) {
            LOG.warn("budget ledger command refused past its deadline: op={}", op);
            throw unavailableNothingWritten();
        }
        return reply;
    }

    /**
     * Runs one script once per key set, pipelined (a page of statuses). The same deadline for all; a call the
     * server no longer knows the script for is repeated with EVAL. Any other failure, or a deadline passed, is
     * the 503 of {@link #run}.
     */
    public List<String> runAll(Op op, List<String[]> keys, String... args) {
        Script script = scripts.get(op);
        String[] withDeadline = withDeadline(args);
        List<String> out = new ArrayList<>(keys.size());
        try {
            List<LedgerConnection.Reply> replies = connection.evalshaAll(script.sha(), keys, withDeadline);
            for (int i = 0; i < replies.size(); i++) {
                LedgerConnection.Reply reply = replies.get(i);
                if (reply.error() instanceof RedisNoScriptException) {
                    out.add(connection.eval(script.source(), keys.get(i), withDeadline));
                } else if (reply.error() != null) {
                    throw reply.error();
                } else {
                    out.add(reply.value());
                }
            }
        } catch (RedisException e) {
            throw unavailable(e);
        }
        for (String reply : out) {
            if (reply != null && reply.startsWith(DEADLINE_PASSED + "\n")) {
                LOG.warn("budget ledger command refused past its deadline: op={}", op);
                throw unavailableNothingWritten();
            }
        }
        return out;
    }

    /** Whether the ledger runs on a Redis Cluster (see {@link LedgerConnection#cluster()}); Redis down → 503. */
    public boolean cluster() {
        try {
            return connection.cluster();
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private String[] withDeadline(String[] args) {
        String[] withDeadline = java.util.Arrays.copyOf(args, args.length + 1);
        withDeadline[args.length] = Long.toString(System.currentTimeMillis() + deadlineMillis);
        return withDeadline;
    }

    public String sha(Op op) {
        return scripts.get(op).sha();
    }

    /** Redis failures carry host names and server text: log the kind only and answer a plain 503. */
    public static ProblemException unavailable(RuntimeException e) {
        LOG.warn("budget ledger unavailable: {}", e.getClass().getSimpleName());
        return unavailableNothingWritten();
    }

    /** The outcome is known: a ledger command either never reached Redis or was refused past its deadline. */
    private static ProblemException unavailableNothingWritten() {
        return ProblemException.unavailable("ledger_unavailable", "the budget ledger is unavailable; nothing was "
            + "written (a command that reaches the ledger after its deadline is refused), so the call can be retried");
    }

    private static String resource(String name) {
        String path = "/io/agentsafety/budget/lua/" + name + ".lua";
        try (InputStream in = LedgerScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing ledger script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
