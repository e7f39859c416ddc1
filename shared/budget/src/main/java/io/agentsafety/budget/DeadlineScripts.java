package io.agentsafety.budget;

import io.agentsafety.core.ProblemException;
import io.lettuce.core.RedisCommandExecutionException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The budget ledger and the approval store each hold one. With replica acknowledgements configured, the writes among
 * them are answered only once replicas hold them ({@link ReplicaAcknowledgements}).
 */
public final class DeadlineScripts<O extends Enum<O>> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineScripts.class);

    /** The reply of a script that started after its caller's deadline (alone, or as the first line of a ledger reply). */
    public static final String DEADLINE_PASSED = "deadline_passed";
    /** {@code deadline.lua}: every script and every function starts with it. */
    public static final String DEADLINE_PRELUDE = resource(DeadlineScripts.class, "/io/agentsafety/budget/lua/deadline.lua");
    /**
     * {@code deadline_library.lua}: the same check for a library of functions, loaded once before the library's prelude,
     * with memos that outlive a call (no strtod per call); each function then starts with {@link #DEADLINE_CALL}.
     */
    public static final String DEADLINE_LIBRARY = resource(DeadlineScripts.class, "/io/agentsafety/budget/lua/deadline_library.lua");
    /** The first lines of each function of a library that starts with {@link #DEADLINE_LIBRARY}: as {@link #DEADLINE_PRELUDE}. */
    public static final String DEADLINE_CALL = "local DEADLINE_OVER, DEADLINE_CLOCK_MS = deadline_check(ARGV)\n"
        + "if DEADLINE_OVER then return '" + DEADLINE_PASSED + "' end";

    /** A script's text; its SHA-1 is computed on first use (EVALSHA), not at start: with Redis Functions it is never needed. */
    private static final class Script {
        private final String source;
        private volatile String sha;

        Script(String source) {
            this.source = source;
        }

        String source() {
            return source;
        }

        String sha() {
            String known = sha;
            if (known == null) {
                known = sha1(source); // the same text gives the same value, so a race only computes it twice
                sha = known;
            }
            return known;
        }
    }

    private final LedgerConnection connection;
    private final Map<O, Script> scripts;
    /** The same scripts as Redis Functions, or null (EVALSHA only). */
    private final FunctionLibrary<O> library;
    /** Cleared for good when the server cannot serve functions (before Redis 7, an ACL): EVALSHA from then on. */
    private volatile boolean functions;
    private final long deadlineMillis;
    private final String store;
    private final Supplier<ProblemException> unavailable;
    /** Which calls are acknowledged only once replicas hold them (none unless configured). */
    private final ReplicaAcknowledgements<O> replicated;

    /**
     * @param sourceOf    each operation's script without the deadline prelude
     * @param store       how logs name the store ("budget ledger", "approval store")
     * @param unavailable the 503 its callers answer
     */
    public DeadlineScripts(LedgerConnection connection, BudgetSettings settings, Class<O> ops, Function<O, String> sourceOf,
                           String store, Supplier<ProblemException> unavailable) {
        this(connection, settings, ops, sourceOf, null, store, unavailable);
    }

    /**
     * Scripts also served as a Redis Functions {@code library} (called by FCALL when the connection and the server
     * can, see {@link #run}); {@code sourceOf} must give, for EVAL, the same text the library runs for each op.
     */
    public DeadlineScripts(LedgerConnection connection, BudgetSettings settings, Class<O> ops, Function<O, String> sourceOf,
                           FunctionLibrary<O> library, String store, Supplier<ProblemException> unavailable) {
        this(connection, settings, ops, sourceOf, library, store, unavailable, EnumSet.noneOf(ops));
    }

    /**
     * With {@code writes}, the operations that mutate: when {@code safety.budget.redis.replica-acknowledgements} is above
     * 0 each of them runs on the connection of its keys' node and is answered only once that many replicas hold it
     * ({@link ReplicaAcknowledgements}); the others never wait.
     */
    public DeadlineScripts(LedgerConnection connection, BudgetSettings settings, Class<O> ops, Function<O, String> sourceOf,
                           FunctionLibrary<O> library, String store, Supplier<ProblemException> unavailable, Set<O> writes) {
        this.connection = connection;
        this.library = library;
        this.functions = library != null && connection.functions();
        this.store = store;
        this.unavailable = unavailable;
        // the client's command timeout when the connection knows it (the one that decides when a caller gets its 503),
        // less the time for the reply to travel back
        long timeout = (connection.commandTimeout() != null ? connection.commandTimeout() : settings.commandTimeout()).toMillis();
        this.deadlineMillis = timeout - Math.min(timeout / 4, 500);
        this.replicated = settings.replicaAcknowledgements() > 0 ? new ReplicaAcknowledgements<>(settings.replicaAcknowledgements(),
            settings.replicaAcknowledgementTimeout(), Duration.ofMillis(timeout), writes) : ReplicaAcknowledgements.none(ops);
        this.scripts = new EnumMap<>(ops);
        for (O op : ops.getEnumConstants()) {
            String source = DEADLINE_PRELUDE + "\n" + sourceOf.apply(op);
            scripts.put(op, new Script(source));
        }
    }

    public String run(O op, String[] keys, String... args) {
        String[] withDeadline = withDeadline(args);
        boolean awaitReplicas = replicated.applies(op);
        LedgerConnection target;
        String reply;
        try {
            // a write that replicas must hold runs where its WAIT will be sent; a failure to reach it wrote nothing
            target = awaitReplicas ? connection.pinned(keys) : connection;
            reply = functions ? viaFunction(target, op, keys, withDeadline) : viaScript(target, op, keys, withDeadline);
        } catch (RedisException e) {
            throw unavailable(e);
        }
        refuseIfLate(op, reply);
        if (awaitReplicas) {
            replicated.await(target, keys, op);
        }
        return reply;
    }

    private String viaScript(LedgerConnection target, O op, String[] keys, String[] args) {
        Script script = scripts.get(op);
        try {
            return target.evalsha(script.sha(), keys, args);
        } catch (RedisNoScriptException e) {
            return target.eval(script.source(), keys, args);
        }
    }

    /**
     * FCALL; a server without the library (restart, failover, a new node, FUNCTION FLUSH) gets it loaded and the call
     * is repeated once. Every refusal below happens before the function runs, so falling back to EVAL cannot apply a
     * call twice: a server that cannot serve functions at all turns them off for good; an out-of-memory server
     * refuses any FCALL of a writing function at once, where EVAL decides at the script's first write (as before, so
     * a call that writes nothing still answers); a function still missing after loading (a node the topology did not
     * show yet) is served by EVAL this time.
     */
    private String viaFunction(LedgerConnection target, O op, String[] keys, String[] args) {
        String function = library.function(op);
        try {
            return target.fcall(function, keys, args);
        } catch (RedisCommandExecutionException e) {
            if (!missingFunction(e)) {
                return fallBack(target, e, op, keys, args);
            }
        }
        try {
            target.functionLoad(library.source());
        } catch (RedisCommandExecutionException e) {
            return fallBack(target, e, op, keys, args);
        }
        try {
            return target.fcall(function, keys, args);
        } catch (RedisCommandExecutionException e) {
            if (missingFunction(e)) {
                return viaScript(target, op, keys, args);
            }
            return fallBack(target, e, op, keys, args);
        }
    }

    private String fallBack(LedgerConnection target, RedisCommandExecutionException e, O op, String[] keys, String[] args) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("OOM")) {
            return viaScript(target, op, keys, args);
        }
        if (message.contains("unknown command") || message.startsWith("NOPERM")) {
            LOG.warn("{}: the server does not serve Redis Functions, using EVALSHA", store);
            functions = false;
            return viaScript(target, op, keys, args);
        }
        throw e;
    }

    private static boolean missingFunction(RedisCommandExecutionException e) {
        return String.valueOf(e.getMessage()).contains("Function not found");
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
