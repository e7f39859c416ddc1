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
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The ledger's Lua scripts, read once from resources (shared prelude + operation) and called by SHA1.
 * A server that does not know a script (restart, failover, new cluster node) answers NOSCRIPT; the call
 * is then repeated once with EVAL, which also caches the script on that node. Any Redis failure becomes
 * a 503: a spend is never decided without the ledger.
 */
@jakarta.inject.Singleton
public final class LedgerScripts {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerScripts.class);

    public enum Op { CREATE, SPEND, CAN_SPEND, STATUS, RESERVE, COMMIT, RELEASE, UPDATE, DELETE, EVENTS, ACK }

    private record Script(String source, String sha) {
    }

    private final LedgerConnection connection;
    private final Map<Op, Script> scripts = new EnumMap<>(Op.class);

    public LedgerScripts(LedgerConnection connection) {
        this.connection = connection;
        String prelude = resource("common");
        for (Op op : Op.values()) {
            String source = prelude + "\n" + resource(op.name().toLowerCase(java.util.Locale.ROOT));
            scripts.put(op, new Script(source, sha1(source)));
        }
    }

    public String run(Op op, String[] keys, String... args) {
        Script script = scripts.get(op);
        try {
            try {
                return connection.evalsha(script.sha(), keys, args);
            } catch (RedisNoScriptException e) {
                return connection.eval(script.source(), keys, args);
            }
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    public String sha(Op op) {
        return scripts.get(op).sha();
    }

    /** Redis failures carry host names and server text: log the kind only and answer a plain 503. */
    public static ProblemException unavailable(RuntimeException e) {
        LOG.warn("budget ledger unavailable: {}", e.getClass().getSimpleName());
        return ProblemException.unavailable("ledger_unavailable", "the budget ledger is unavailable; retry later");
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
