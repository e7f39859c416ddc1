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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A set of Lua scripts over the service's Redis connection, each called by SHA1 with an EVAL fallback on NOSCRIPT
 * (restart, failover, a new cluster node), and each carrying a deadline: the last ARGV, read and removed by
 * {@code deadline.lua} (prepended to every script), a little before this client stops waiting for the reply. A script
 * that starts after it by the server's own clock ({@code TIME}) writes nothing and answers {@value #DEADLINE_PASSED},
 * so a command queued behind a paused (SIGSTOP), blocked or overloaded server cannot apply once the caller has had
 * its 503. A reply lost after the script ran (a dropped connection) is not covered here: that is what idempotency keys
 * are for, the caller's or, for the ledger's keyless spends and reserves, the service's own ({@code KeylessCalls}). Any Redis failure is that 503, naming no host.
 * The budget ledger and the approval store each hold one.
 */
public final class DeadlineScripts<O extends Enum<O>> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineScripts.class);

    /** The reply of a script that started after its caller's deadline (alone, or as the first line of a ledger reply). */
    public static final String DEADLINE_PASSED = "deadline_passed";
    private static final String DEADLINE_PRELUDE = resource(DeadlineScripts.class, "/io/agentsafety/budget/lua/deadline.lua");

    private record Script(String source, String sha) {
    }

    private final LedgerConnection connection;
    private final Map<O, Script> scripts;
    private final long deadlineMillis;
    private final String store;
    private final Supplier<ProblemException> unavailable;

    /**
     * @param sourceOf    each operation's script without the deadline prelude
     * @param store       how logs name the store ("budget ledger", "approval store")
     * @param unavailable the 503 its callers answer
     */
    public DeadlineScripts(LedgerConnection connection, BudgetSettings settings, Class<O> ops, Function<O, String> sourceOf,
                           String store, Supplier<ProblemException> unavailable) {
        this.connection = connection;
        this.store = store;
        this.unavailable = unavailable;
        // the client's command timeout when the connection knows it (the one that decides when a caller gets its 503),
        // less the time for the reply to travel back
        long timeout = (connection.commandTimeout() != null ? connection.commandTimeout() : settings.commandTimeout()).toMillis();
        this.deadlineMillis = timeout - Math.min(timeout / 4, 500);
        this.scripts = new EnumMap<>(ops);
        for (O op : ops.getEnumConstants()) {
            String source = DEADLINE_PRELUDE + "\n" + sourceOf.apply(op);
            scripts.put(op, new Script(source, sha1(source)));
        }
    }

    public String run(O op, String[] keys, String... args) {
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
        refuseIfLate(op, reply);
        return reply;
    }

    /**
     * Runs one script once per key set, pipelined (a page of statuses), all with the same deadline; a call the server
     * no longer knows the script for is repeated with EVAL. Any other failure, or a deadline passed, is the 503.
     */
    public List<String> runAll(O op, List<String[]> keys, String... args) {
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
            refuseIfLate(op, reply);
        }
        return out;
    }

    public String sha(O op) {
        return scripts.get(op).sha();
    }

    /** Redis failures carry host names and server text: log the kind only and answer the plain 503. */
    public ProblemException unavailable(RuntimeException e) {
        LOG.warn("{} unavailable: {}", store, e.getClass().getSimpleName());
        return unavailable.get();
    }

    private void refuseIfLate(O op, String reply) {
        if (reply != null && reply.startsWith(DEADLINE_PASSED) && (reply.length() == DEADLINE_PASSED.length()
            || reply.charAt(DEADLINE_PASSED.length()) == '\n')) {
            LOG.warn("{} command refused past its deadline: op={}", store, op);
            throw unavailable.get();
        }
    }

    private String[] withDeadline(String[] args) {
        String[] withDeadline = Arrays.copyOf(args, args.length + 1);
        withDeadline[args.length] = Long.toString(System.currentTimeMillis() + deadlineMillis);
        return withDeadline;
    }

    /** A script's text from the class path of {@code anchor}'s module. */
    public static String resource(Class<?> anchor, String path) {
        try (InputStream in = anchor.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + path);
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
