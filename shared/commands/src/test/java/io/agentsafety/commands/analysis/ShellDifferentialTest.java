package io.agentsafety.commands.analysis;

import io.agentsafety.commands.NetworkEndpoint;
import io.agentsafety.commands.rules.RulePackLoader;
import io.agentsafety.commands.rules.RuleSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gate whose parse differs from the shell's can be bypassed, so the parser and the interpreter's expansion are
 * checked against the real shells on this machine. For every entry of {@code differential-corpus.yaml}:
 * <ol>
 *   <li>the input runs in real {@code bash} and {@code dash} with {@code set -f}, a clean environment, and the
 *       commands {@code c d e} defined as printers (shell functions writing their argument lists, length-prefixed
 *       and NUL-separated, to a file): what each shell ran must equal the entry's expectation — so the corpus is
 *       itself proven against the shells, not written from memory;</li>
 *   <li>the static analysis of the same input, read in that shell's dialect and in the strictest reading (shell
 *       unknown), must have seen every argument list the shell ran. A list the analysis saw with an unknown part
 *       matches any text there (unknown is the conservative answer); anything else missing is a bypass.</li>
 * </ol>
 * The analysis may see more lists than a shell runs (it follows both branches of a condition): that direction is
 * safe and is not an error. Entries marked {@code conservative} are those where the analysis rightly answers "unknown"
 * (a variable the caller's environment may set); everywhere else it must know every word exactly.
 */
class ShellDifferentialTest {

    private static final List<String> PRINTERS = List.of("c", "d", "e");
    private static final List<String> SHELLS = List.of("bash", "dash");
    private static final String HOME = "/home/agent";

    private static RuleSet knowledge;

    @BeforeAll
    static void loadKnowledge() {
        RulePackLoader loader = new RulePackLoader();
        loader.loadBuiltins();
        knowledge = loader.build();
    }

    @Test
    void theAnalysisSeesEveryCommandTheShellsRun() throws Exception {
        List<Map<String, Object>> corpus = corpus();
        assertTrue(corpus.size() >= 50, "corpus too small: " + corpus.size());
        List<String> failures = new ArrayList<>();
        List<String> onlyUnknown = new ArrayList<>();
        for (String shell : SHELLS) {
            Assumptions.assumeTrue(onPath(shell), shell + " is not installed");
        }
        for (Map<String, Object> entry : corpus) {
            String input = (String) entry.get("input");
            for (String shell : applicableShells(entry)) {
                List<List<String>> expected = expected(entry, shell);
                List<List<String>> ran = symbolicHome(runInShell(shell, input));
                if (!sorted(ran).equals(sorted(expected))) {
                    failures.add(shell + " ran " + ran + " but the corpus expects " + expected + " for: " + input);
                    continue;
                }
                for (String dialect : new String[] {shell, null}) {
                    List<List<String>> seen = analyse(input, dialect);
                    for (List<String> run : ran) {
                        Match match = find(seen, run);
                        if (match == Match.NONE) {
                            failures.add("analysis (" + (dialect == null ? "shell unknown" : dialect) + ") never saw "
                                + run + " that " + shell + " runs for: " + input + " (it saw " + seen + ")");
                        } else if (match == Match.UNKNOWN_PARTS && !Boolean.TRUE.equals(entry.get("conservative"))) {
                            onlyUnknown.add(run + " (" + (dialect == null ? "shell unknown" : dialect) + "): " + input);
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " differences between the analysis and the shells:\n"
            + String.join("\n", failures).replace('\0', '?'));
        // Unknown parts are allowed by the rule above, but the corpus only holds statically known words: a drop here
        // means the interpreter stopped resolving something it used to.
        assertEquals(List.of(), onlyUnknown, "argument lists the analysis saw only with unknown parts");
    }

    // ---------------------------------------------------------------- the corpus

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> corpus() throws IOException {
        try (InputStream in = ShellDifferentialTest.class.getResourceAsStream(
            "/io/agentsafety/commands/shell/differential-corpus.yaml")) {
            assertTrue(in != null, "corpus missing");
            return (List<Map<String, Object>>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> applicableShells(Map<String, Object> entry) {
        Object shells = entry.get("shells");
        return shells == null ? SHELLS : (List<String>) shells;
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> expected(Map<String, Object> entry, String shell) {
        Object lists = entry.containsKey(shell) ? entry.get(shell) : entry.get("runs");
        assertTrue(lists != null, "no expectation for " + shell + ": " + entry.get("input"));
        List<List<String>> out = new ArrayList<>();
        for (List<Object> list : (List<List<Object>>) lists) {
            out.add(list.stream().map(String::valueOf).toList());
        }
        return out;
    }

    /**
     * The analysis does not know the real home directory and writes it as {@code ~} (so rules see {@code rm -rf ~}
     * for what it is); the shells' expansions of this test's HOME are mapped back to it.
     */
    private static List<List<String>> symbolicHome(List<List<String>> lists) {
        return lists.stream().map(list -> list.stream().map(arg -> arg.replace(HOME, "~")).toList()).toList();
    }

    private static List<List<String>> sorted(List<List<String>> lists) {
        List<List<String>> copy = new ArrayList<>(lists);
        copy.sort(Comparator.comparing(List::toString));
        return copy;
    }

    // ---------------------------------------------------------------- the real shell

    /** Runs {@code input} with the printers defined and returns the argument lists they received, in order. */
    static List<List<String>> runInShell(String shell, String input) throws IOException, InterruptedException {
        Path out = Files.createTempFile("shell-diff", ".bin");
        try {
            StringBuilder script = new StringBuilder("exec 3>>\"$DIFF_OUT\"\n");
            for (String printer : PRINTERS) {
                script.append(printer).append("() { printf '%s\\0' \"$(($# + 1))\" ").append(printer)
                    .append(" \"$@\" >&3; }\n");
            }
            script.append("set -f\n").append(input).append('\n');
            ProcessBuilder builder = new ProcessBuilder(shell, "-c", script.toString());
            builder.environment().clear();
            builder.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", HOME, "LC_ALL", "C.UTF-8",
                "DIFF_OUT", out.toString()));
            builder.redirectErrorStream(true);
            Process process = builder.start();
            process.getOutputStream().close();
            String console = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), shell + " did not finish: " + input);
            assertTrue(console.isEmpty(), shell + " printed " + console + " for: " + input);
            return records(Files.readAllBytes(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static List<List<String>> records(byte[] bytes) {
        String[] fields = new String(bytes, StandardCharsets.UTF_8).split("\0", -1);
        List<List<String>> out = new ArrayList<>();
        int i = 0;
        while (i < fields.length - 1) {
            int count = Integer.parseInt(fields[i++]);
            out.add(List.of(fields).subList(i, i + count));
            i += count;
        }
        return out;
    }

    private static boolean onPath(String program) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- the analysis

    /** The argument lists of the printer commands the interpreter resolved (name first, as the shell prints it). */
    static List<List<String>> analyse(String input, String dialect) {
        List<List<String>> seen = new ArrayList<>();
        Sink sink = new Sink() {
            @Override
            public void command(ResolvedCommand command) {
                if (PRINTERS.contains(command.name())) {
                    List<String> list = new ArrayList<>();
                    list.add(command.name());
                    command.args().forEach(arg -> list.add(arg.text()));
                    seen.add(list);
                }
            }

            @Override
            public void unresolved(String what) {
            }

            @Override
            public void fetchedUrl(String url) {
            }

            @Override
            public void contactedHost(NetworkEndpoint endpoint) {
            }
        };
        new Interpreter(knowledge, sink, new Budget(40_000, 200_000)).analyzeShell(input, null, dialect);
        return seen;
    }

    private enum Match { EXACT, UNKNOWN_PARTS, NONE }

    private static Match find(List<List<String>> seen, List<String> run) {
        Match best = Match.NONE;
        for (List<String> candidate : seen) {
            if (candidate.equals(run)) {
                return Match.EXACT;
            }
            if (matchesWithUnknowns(candidate, 0, run, 0)) {
                best = Match.UNKNOWN_PARTS;
            }
        }
        return best;
    }

    /** An argument that is wholly unknown may have expanded to any number of fields (an unset variable: none). */
    private static boolean matchesWithUnknowns(List<String> candidate, int c, List<String> run, int r) {
        if (c == candidate.size()) {
            return r == run.size();
        }
        String pattern = candidate.get(c);
        if (pattern.equals(String.valueOf(Arg.UNKNOWN))) {
            for (int take = 0; r + take <= run.size(); take++) {
                if (matchesWithUnknowns(candidate, c + 1, run, r + take)) {
                    return true;
                }
            }
            return false;
        }
        if (r == run.size()) {
            return false;
        }
        boolean same = pattern.indexOf(Arg.UNKNOWN) < 0 ? pattern.equals(run.get(r)) : wildcard(pattern, run.get(r));
        return same && matchesWithUnknowns(candidate, c + 1, run, r + 1);
    }

    /** {@link Arg#UNKNOWN} stands for any text; the rest must match literally. */
    private static boolean wildcard(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (String piece : pattern.split(String.valueOf(Arg.UNKNOWN), -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(piece));
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(text).matches();
    }

    /** Guards the helper itself: the printers report exactly what a shell passes. */
    @Test
    void printersReportArgumentListsExactly() throws Exception {
        Assumptions.assumeTrue(onPath("bash"));
        assertEquals(List.of(List.of("c", "a b", "", "x\ny")), runInShell("bash", "c 'a b' '' $'x\\ny'"));
        assertEquals(List.of(List.of("c"), List.of("d", "1")), runInShell("bash", "c; d 1"));
        assertEquals(Set.of(), Set.copyOf(runInShell("dash", "true")));
    }
}
