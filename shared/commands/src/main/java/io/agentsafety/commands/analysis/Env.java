package io.agentsafety.commands.analysis;

import io.agentsafety.commands.shell.Node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The interpreter's view of the shell state. Subshells work on a copy. */
final class Env {
    final Map<String, String> vars;
    final Map<String, Node> functions;
    final Map<String, String> aliases;
    final Deque<String> calls;
    /** Files this command line wrote with content the analysis knows (echo/base64 output, downloads). */
    final Map<String, Content> files;
    /** Variables assigned as arrays ({@code a=(rm -rf /)}): {@code "${a[@]}"} expands to one field per element. */
    final Set<String> arrays;
    /**
     * Loop variables that hold one match of a glob ({@code for d in /*}): their value is the pattern, and it stands
     * for each match even when quoted ({@code rm -rf "$d"} removes every entry of {@code /}).
     */
    final Set<String> globMatches = new HashSet<>();
    /** Variables {@code read} from a path listing ({@code find ... | while read f}): the listing's evidence. */
    final Map<String, String> lineSources = new HashMap<>();
    String cwd;
    /** The shell running this code ({@code sh}, {@code bash}...), null when unknown: then the strictest reading. */
    String shell;

    Env(String cwd) {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new ArrayDeque<>(), new HashMap<>(), new HashSet<>(), cwd);
    }

    private Env(Map<String, String> vars, Map<String, Node> functions, Map<String, String> aliases,
                Deque<String> calls, Map<String, Content> files, Set<String> arrays, String cwd) {
        this.vars = vars;
        this.functions = functions;
        this.aliases = aliases;
        this.calls = calls;
        this.files = files;
        this.arrays = arrays;
        this.cwd = cwd;
    }

    Env copy() {
        // Files are shared: a subshell's writes are visible on disk to the rest of the line.
        Env copy = new Env(new HashMap<>(vars), new HashMap<>(functions), new HashMap<>(aliases),
            new ArrayDeque<>(calls), files, new HashSet<>(arrays), cwd);
        copy.globMatches.addAll(globMatches);
        copy.lineSources.putAll(lineSources);
        copy.shell = shell;
        return copy;
    }

    /** A copy for code run by {@code program}: a shell name sets the dialect, anything else keeps it. */
    Env copyFor(String program) {
        Env copy = copy();
        if (ShellKnowledge.builtIn().isShell(program)) {
            copy.shell = program;
        }
        return copy;
    }

    String fileKey(String path) {
        String normalized = ArgClasses.normalize(path, cwd);
        return normalized != null ? normalized : path.startsWith("./") ? path.substring(2) : path;
    }

    void wrote(String path, Content content) {
        if (files.size() < 64 && content != null && (content.isText() || content.kind() == Content.Kind.DOWNLOAD)) {
            files.put(fileKey(path), content);
        }
    }

    Content read(Arg arg) {
        return arg.content() != null ? arg.content() : arg.exact() ? files.get(fileKey(arg.text())) : null;
    }

    /** Separates the positional parameters inside the value of {@code @}, so "$@" can give each its own field. */
    static final char ELEMENT_SEPARATOR = '\u001f';

    static final List<String> POSITIONAL = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*", "#");

    /** Function arguments and {@code set -- ARGS} become $1..$9, $@, $* and $# (unknown parts stay unknown). */
    void setPositional(List<Arg> args) {
        for (int i = 1; i <= 9; i++) {
            Arg arg = i <= args.size() ? args.get(i - 1) : null;
            if (arg == null) {
                vars.put(String.valueOf(i), "");
            } else {
                vars.put(String.valueOf(i), arg.exact() ? arg.text() : null);
            }
        }
        boolean exact = args.stream().allMatch(Arg::exact);
        List<String> texts = args.stream().map(Arg::text).toList();
        vars.put("@", exact ? String.join(String.valueOf(ELEMENT_SEPARATOR), texts) : null);
        vars.put("*", exact ? String.join(" ", texts) : null);
        vars.put("#", String.valueOf(args.size()));
    }
}
