package io.agentsafety.budget;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A set of scripts as one Redis Functions library (Redis 7 {@code FUNCTION LOAD}, called by {@code FCALL}). Why: an
 * EVALSHA re-runs its whole chunk on every call, so the shared prelude's ~30 helper closures are created (and become
 * garbage) every time; in a library they are created once, when it is loaded, and a call runs only its operation.
 * <p>
 * Each operation is one function: {@code function(KEYS, ARGV)} around the deadline prelude, a {@code glue} line and
 * the operation's body, so the same text that EVAL runs at top level runs unchanged inside it. The library's name
 * ends with a hash of its text, and the functions carry that name: two versions of the service on one Redis (a
 * rolling deploy) each call their own functions, and loading is idempotent ({@code REPLACE} of identical text).
 */
public final class FunctionLibrary<O extends Enum<O>> {

    private static final String NAME = "\u0000library\u0000";

    private final String name;
    private final String source;
    private final Map<O, String> functions;

    /**
     * @param prefix   the library's name before the hash (letters, digits, underscores)
     * @param deadline the deadline prelude every function starts with
     * @param prelude  library-level helpers, loaded once (must not call Redis at load time)
     * @param glue     the line each function runs after the deadline prelude (resets the prelude's per-call state)
     */
    public FunctionLibrary(String prefix, Class<O> ops, String deadline, String prelude, String glue, Function<O, String> bodyOf) {
        // written with a placeholder for the name, which is a hash of this very text
        StringBuilder body = new StringBuilder(prelude).append('\n');
        for (O op : ops.getEnumConstants()) {
            body.append("redis.register_function('").append(NAME).append('_').append(op.name().toLowerCase(Locale.ROOT))
                .append("', function(KEYS, ARGV)\n").append(deadline).append('\n').append(glue).append('\n')
                .append(bodyOf.apply(op)).append("\nend)\n");
        }
        this.name = prefix + "_" + DeadlineScripts.sha1(body.toString()).substring(0, 16);
        this.source = "#!lua name=" + name + "\n" + body.toString().replace(NAME, name);
        this.functions = new EnumMap<>(ops);
        for (O op : ops.getEnumConstants()) {
            functions.put(op, name + "_" + op.name().toLowerCase(Locale.ROOT));
        }
    }

    public String name() {
        return name;
    }

    /** The text for {@code FUNCTION LOAD}. */
    public String source() {
        return source;
    }

    public String function(O op) {
        return functions.get(op);
    }
}
