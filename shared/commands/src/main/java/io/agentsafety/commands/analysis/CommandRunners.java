package io.agentsafety.commands.analysis;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The table of programs that run a command for you ({@code runners.yaml}): editors, pagers, multiplexers, debuggers,
 * build tools, archivers, transfer tools, database shells... and the options, positional words or inputs through
 * which they do. Finds, for one invocation, every piece of code it would run; the interpreter analyses each piece
 * as a command (or as code in its language), so the verdict of {@code vim -c ':!rm -rf /'} is that of
 * {@code rm -rf /}. Immutable once loaded; one shared instance.
 */
public final class CommandRunners {

    static final String RESOURCE = "io/agentsafety/commands/runners.yaml";

    /** Code a program would run: in {@code language}, given as text, as words, or as an input's content. */
    sealed interface Embedded permits Code, Words, Input {
        String via();
    }

    /** {@code text} (an option value, a positional word...) is code in {@code language}. */
    record Code(String via, String language, Arg text, boolean approveUnknown) implements Embedded {
    }

    /** The words are a command to run as is. */
    record Words(String via, List<Arg> argv) implements Embedded {
    }

    /** The program reads code in {@code language} from a file or its standard input. */
    record Input(String via, String language, Content content, boolean approveUnknown) implements Embedded {
    }

    private record OptionSpec(Set<String> names, String language, Pattern pattern, Set<String> programs, String subcommand) {
    }

    /** {@code subcommand}: the spec holds only after that first word (`npm set-script NAME CMD`), else only without one. */
    private record PositionalSpec(int index, String language, Set<String> unless, boolean approveUnknown, String subcommand) {
    }

    private record Entry(Set<String> programs, Set<String> valueOptions, boolean clustered, boolean attached,
                         List<OptionSpec> options, Map<String, String> prefixes, List<PositionalSpec> positionals,
                         Set<String> subcommands, Set<String> subcommandValueOptions, String rest,
                         Map<String, String> files, String stdinLanguage, boolean stdinApproveUnknown, DefaultFile defaultFile) {
    }

    /** The script a program reads when no option names one ({@code make} reads {@code Makefile}), unless an option in {@code unless} is given. */
    private record DefaultFile(List<String> names, String language, Set<String> unless) {
    }

    /** A variable whose value is run: {@code language} shell / script_file / expanded, optionally a part of it. */
    record Variable(String language, Pattern pattern) {
    }

    /** An executed example: analysing {@code command} reports every rule {@code inner} reports. */
    public record Example(String where, String command, String inner) {
    }

    private static final Set<String> ENTRY_KEYS = Set.of("programs", "value_options", "clustered", "attached", "options",
        "prefixes", "positionals", "subcommands", "subcommand_value_options", "rest", "files", "default_file", "stdin", "examples");

    private final Map<String, Entry> byProgram = new HashMap<>();
    private final Map<String, Variable> variables = new HashMap<>();
    private final ScriptLanguages languages;
    private final List<Example> runs = new ArrayList<>();
    private final List<String> benign = new ArrayList<>();

    private static final CommandRunners BUILT_IN = new CommandRunners(YamlData.resource(RESOURCE));

    public static CommandRunners builtIn() {
        return BUILT_IN;
    }

    CommandRunners(Map<String, Object> root) {
        YamlData.map(root, RESOURCE, Set.of("languages", "runners", "variables", "variable_examples"));
        languages = new ScriptLanguages(YamlData.map(root.get("languages"), "languages", Set.of()));
        for (Object item : YamlData.list(root.get("runners"), "runners")) {
            Entry entry = entry(YamlData.map(item, "runners[]", ENTRY_KEYS));
            for (String program : entry.programs()) {
                if (byProgram.put(program, entry) != null) {
                    throw new IllegalStateException("runners.yaml: program '" + program + "' is listed twice");
                }
            }
        }
        for (Object item : YamlData.list(root.get("variables"), "variables")) {
            Map<String, Object> v = YamlData.map(item, "variables[]", Set.of("names", "language", "pattern"));
            String language = language(v.get("language"), "variables[].language");
            String pattern = YamlData.string(v.get("pattern"), "variables[].pattern", false);
            for (String name : YamlData.strings(v.get("names"), "variables[].names")) {
                variables.put(name, new Variable(language, pattern == null ? null : Pattern.compile(pattern)));
            }
        }
        examples(root.get("variable_examples"), "variable_examples");
    }

    public List<Example> runsExamples() {
        return List.copyOf(runs);
    }

    public List<String> benignExamples() {
        return List.copyOf(benign);
    }

    ScriptLanguages languages() {
        return languages;
    }

    /** The variable's rule, or null when its value is not run. */
    Variable variable(String name) {
        return variables.get(name);
    }

    /** The command part of a run variable's value (all of it without a pattern), or null when nothing runs. */
    static String commandPart(Variable variable, String value) {
        if (variable.pattern() == null) {
            return value;
        }
        Matcher m = variable.pattern().matcher(value);
        return m.find() ? m.group(1) : null;
    }

    private Entry entry(Map<String, Object> e) {
        List<String> programs = YamlData.strings(e.get("programs"), "runners[].programs");
        String where = "runners.yaml " + programs;
        List<OptionSpec> options = new ArrayList<>();
        for (Object item : YamlData.list(e.get("options"), where + ".options")) {
            Map<String, Object> o = YamlData.map(item, where + ".options[]", Set.of("names", "language", "pattern", "programs", "subcommand"));
            String pattern = YamlData.string(o.get("pattern"), where + ".options.pattern", false);
            Pattern compiled = pattern == null ? null : Pattern.compile(pattern);
            if (compiled != null && compiled.groupCount() != 1) {
                throw new IllegalStateException(where + ": option pattern must have exactly one capturing group");
            }
            List<String> only = YamlData.strings(o.get("programs"), where + ".options.programs");
            options.add(new OptionSpec(Set.copyOf(YamlData.strings(o.get("names"), where + ".options.names")),
                language(o.get("language"), where + ".options.language"), compiled, Set.copyOf(only),
                YamlData.string(o.get("subcommand"), where + ".options.subcommand", false)));
        }
        Map<String, String> prefixes = new HashMap<>();
        for (Object item : YamlData.list(e.get("prefixes"), where + ".prefixes")) {
            Map<String, Object> p = YamlData.map(item, where + ".prefixes[]", Set.of("prefix", "language"));
            prefixes.put(YamlData.string(p.get("prefix"), where + ".prefix", true), language(p.get("language"), where + ".prefixes.language"));
        }
        List<PositionalSpec> positionals = new ArrayList<>();
        for (Object item : YamlData.list(e.get("positionals"), where + ".positionals")) {
            Map<String, Object> p = YamlData.map(item, where + ".positionals[]", Set.of("index", "language", "unless", "unknown", "subcommand"));
            if (!(p.get("index") instanceof Integer index) || index < 0) {
                throw new IllegalStateException(where + ".positionals.index must be a number >= 0");
            }
            positionals.add(new PositionalSpec(index, language(p.get("language"), where + ".positionals.language"),
                Set.copyOf(YamlData.strings(p.get("unless"), where + ".positionals.unless")),
                approveUnknown(p.get("unknown"), where + ".positionals.unknown"),
                YamlData.string(p.get("subcommand"), where + ".positionals.subcommand", false)));
        }
        Map<String, String> files = new HashMap<>();
        for (Object item : YamlData.list(e.get("files"), where + ".files")) {
            Map<String, Object> f = YamlData.map(item, where + ".files[]", Set.of("names", "language"));
            String language = language(f.get("language"), where + ".files.language");
            YamlData.strings(f.get("names"), where + ".files.names").forEach(n -> files.put(n, language));
        }
        DefaultFile defaultFile = null;
        if (e.get("default_file") != null) {
            Map<String, Object> d = YamlData.map(e.get("default_file"), where + ".default_file", Set.of("names", "language", "unless"));
            defaultFile = new DefaultFile(List.copyOf(YamlData.strings(d.get("names"), where + ".default_file.names")),
                language(d.get("language"), where + ".default_file.language"),
                Set.copyOf(YamlData.strings(d.get("unless"), where + ".default_file.unless")));
        }
        String stdinLanguage = null;
        boolean stdinApprove = true;
        if (e.get("stdin") != null) {
            Map<String, Object> s = YamlData.map(e.get("stdin"), where + ".stdin", Set.of("language", "unknown"));
            stdinLanguage = language(s.get("language"), where + ".stdin.language");
            stdinApprove = approveUnknown(s.get("unknown"), where + ".stdin.unknown");
        }
        String rest = YamlData.string(e.get("rest"), where + ".rest", false);
        if (rest != null && !rest.equals("argv") && !rest.equals("shell")) {
            throw new IllegalStateException(where + ".rest must be argv or shell");
        }
        examples(e.get("examples"), where);
        return new Entry(Set.copyOf(programs), Set.copyOf(YamlData.strings(e.get("value_options"), where + ".value_options")),
            Boolean.TRUE.equals(e.get("clustered")), Boolean.TRUE.equals(e.get("attached")), options, prefixes, positionals,
            Set.copyOf(YamlData.strings(e.get("subcommands"), where + ".subcommands")),
            Set.copyOf(YamlData.strings(e.get("subcommand_value_options"), where + ".subcommand_value_options")), rest, files,
            stdinLanguage, stdinApprove, defaultFile);
    }

    private String language(Object value, String where) {
        String language = YamlData.string(value, where, true);
        if (!languages.known(language)) {
            throw new IllegalStateException(where + ": unknown language '" + language + "'");
        }
        return language;
    }

    private static boolean approveUnknown(Object value, String where) {
        String v = YamlData.string(value, where, false);
        if (v != null && !v.equals("approve") && !v.equals("ignore")) {
            throw new IllegalStateException(where + " must be approve or ignore");
        }
        return !"ignore".equals(v);
    }

    private void examples(Object value, String where) {
        if (value == null) {
            throw new IllegalStateException(where + ": examples (runs and benign) are required");
        }
        Map<String, Object> e = YamlData.map(value, where + ".examples", Set.of("runs", "benign"));
        List<Object> pairs = YamlData.list(e.get("runs"), where + ".examples.runs");
        List<String> near = YamlData.strings(e.get("benign"), where + ".examples.benign");
        if (pairs.isEmpty() || near.isEmpty()) {
            throw new IllegalStateException(where + ": at least one 'runs' and one 'benign' example are required");
        }
        for (Object pair : pairs) {
            List<String> p = YamlData.strings(pair, where + ".examples.runs[]");
            if (p.size() != 2) {
                throw new IllegalStateException(where + ".examples.runs: each is [command, inner command]");
            }
            runs.add(new Example(where, p.get(0), p.get(1)));
        }
        benign.addAll(near);
    }

    // ---------------------------------------------------------------- one invocation

    /** Every piece of code {@code program} runs when invoked with {@code rest}; empty for programs not in the table. */
    List<Embedded> embedded(String program, List<Arg> rest, Content stdin, Function<Arg, Content> files) {
        Entry entry = byProgram.get(program.toLowerCase(Locale.ROOT));
        if (entry == null) {
            return List.of();
        }
        String via = program;
        List<Embedded> out = new ArrayList<>();
        Set<String> seenOptions = new HashSet<>();
        List<Arg> positional = new ArrayList<>();
        String subcommand = null;
        boolean afterDashes = false;
        boolean notRunning = false;
        String scriptWord = null;   // a first word after which positional words carry code (`npm set-script NAME CMD`)
        for (int i = 0; i < rest.size() && out.size() < 32; i++) {
            Arg arg = rest.get(i);
            String t = arg.text();
            if (!afterDashes && t.equals("--")) {
                afterDashes = true;
                continue;
            }
            boolean flag = !afterDashes && arg.isFlag();
            // a flag, or a keyword of a subcommand (`git submodule foreach CMD`, `git bisect run CMD`)
            boolean keyword = !flag && subcommand != null && optionValue(entry, program, subcommand, rest, i) != null;
            if (flag || keyword) {
                String name = t.startsWith("--") && t.indexOf('=') > 0 ? t.substring(0, t.indexOf('=')) : t;
                seenOptions.add(name);
                OptionValue value = optionValue(entry, program, subcommand, rest, i);
                if (value != null) {
                    seenOptions.add(value.spec().names().iterator().next());
                    String language = value.spec().language();
                    if (language.equals("shell-rest") || language.equals("argv-rest")) {
                        List<Arg> after = rest.subList(i + 1, rest.size());
                        // the keyword's own options come first (git submodule foreach --recursive CMD); no command
                        // starts with "-"
                        while (language.equals("shell-rest") && !after.isEmpty() && after.get(0).isFlag()) {
                            after = after.subList(1, after.size());
                        }
                        if (!after.isEmpty()) {
                            out.add(language.equals("argv-rest") ? new Words(via + " " + t, after)
                                : new Code(via + " " + t, "shell", Arg.joined(after), true));
                        }
                        return out;
                    }
                    if (value.value() != null) {
                        Arg code = value.value();
                        if (value.spec().pattern() != null) {
                            Matcher m = value.spec().pattern().matcher(code.text());
                            code = m.find() && m.group(1) != null ? derived(code, m.group(1)) : null;
                        }
                        if (code != null) {
                            out.add(new Code(via + " " + name, language, code, true));
                        }
                    }
                    i += value.consumed() - 1;
                    continue;
                }
                String file = entry.files().get(name);
                if (file != null && i + 1 < rest.size()) {
                    Arg target = rest.get(++i);
                    Content content = STDIN_NAMES.contains(target.text()) ? stdin : files.apply(target);
                    if (content != null) {
                        out.add(new Input(via + " " + name + " " + target.display(), file, content, true));
                    }
                    continue;
                }
                i += skipValue(entry, subcommand, t, rest, i);
                continue;
            }
            String prefixLanguage = afterDashes ? null : prefixLanguage(entry, t);
            if (prefixLanguage != null) {
                String prefix = entry.prefixes().keySet().stream().filter(t::startsWith).findFirst().orElse("");
                out.add(new Code(via + " " + prefix, prefixLanguage, derived(arg, t.substring(prefix.length())), true));
                continue;
            }
            if (!entry.subcommands().isEmpty() && subcommand == null) {
                if (scriptWord != null) {
                    positional.add(arg);
                    continue;
                }
                if (!notRunning && positional.isEmpty() && entry.positionals().stream().anyMatch(p -> t.equals(p.subcommand()))) {
                    scriptWord = t;
                    continue;
                }
                if (notRunning || !entry.subcommands().contains(t)) {
                    if (entry.prefixes().isEmpty()) {
                        return out;
                    }
                    // not a subcommand that runs its words, but a word carrying code may still come (npm pkg set scripts.x=CMD)
                    notRunning = true;
                    continue;
                }
                subcommand = t;
                continue;
            }
            if (entry.rest() != null) {
                List<Arg> words = rest.subList(i, rest.size());
                out.add(entry.rest().equals("argv") ? new Words(via, words) : new Code(via, "shell", Arg.joined(words), true));
                return out;
            }
            positional.add(arg);
        }
        for (PositionalSpec spec : entry.positionals()) {
            if (!Objects.equals(spec.subcommand(), scriptWord)) {
                continue;
            }
            if (spec.index() < positional.size() && spec.unless().stream().noneMatch(seenOptions::contains)) {
                out.add(new Code(via, spec.language(), positional.get(spec.index()), spec.approveUnknown()));
            }
        }
        DefaultFile defaultFile = entry.defaultFile();
        if (defaultFile != null && defaultFile.unless().stream().noneMatch(seenOptions::contains)) {
            // only a file the line wrote earlier is known; the first one found is the one the program reads
            for (String name : defaultFile.names()) {
                Content content = files.apply(Arg.literal(name));
                if (content != null) {
                    out.add(new Input(via + " (" + name + ")", defaultFile.language(), content, true));
                    break;
                }
            }
        }
        if (entry.stdinLanguage() != null && stdin.kind() != Content.Kind.NONE && stdin.kind() != Content.Kind.FILE
            && out.stream().noneMatch(e -> e instanceof Input in && in.content() == stdin)) {
            out.add(new Input(via + " (standard input)", entry.stdinLanguage(), stdin, entry.stdinApproveUnknown()));
        }
        return out;
    }

    /** Names a script file option reads standard input by: `-`, and the device files (`make -f /dev/stdin <<< ...`). */
    private static final Set<String> STDIN_NAMES = Set.of("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0");

    private record OptionValue(OptionSpec spec, Arg value, int consumed) {
    }

    /** The option at {@code i} if the table says its value is code: {@code -c V}, {@code --cmd=V}, {@code -qc V}, {@code -oV}. */
    private static OptionValue optionValue(Entry entry, String program, String subcommand, List<Arg> rest, int i) {
        Arg arg = rest.get(i);
        String t = arg.text();
        Arg next = i + 1 < rest.size() ? rest.get(i + 1) : null;
        for (OptionSpec spec : entry.options()) {
            if (!spec.programs().isEmpty() && !spec.programs().contains(program)
                || spec.subcommand() != null && !spec.subcommand().equals(subcommand)) {
                continue;
            }
            boolean restLanguage = spec.language().endsWith("-rest");
            for (String name : spec.names()) {
                if (t.equals(name)) {
                    return restLanguage ? new OptionValue(spec, null, 1) : new OptionValue(spec, next, next == null ? 1 : 2);
                }
                if (restLanguage) {
                    continue;
                }
                if (name.startsWith("--") && t.startsWith(name + "=")) {
                    return new OptionValue(spec, derived(arg, t.substring(name.length() + 1)), 1);
                }
                boolean shortOption = name.length() == 2 && name.charAt(0) == '-';
                if (shortOption && entry.attached() && t.startsWith(name) && t.length() > 2) {
                    return new OptionValue(spec, derived(arg, t.substring(2)), 1);
                }
                if (shortOption && entry.clustered() && !t.startsWith("--") && t.length() > 2 && t.length() <= 16
                    && t.charAt(t.length() - 1) == name.charAt(1) && t.substring(1).chars().allMatch(Character::isLetter)) {
                    return new OptionValue(spec, next, next == null ? 1 : 2);
                }
            }
        }
        return null;
    }

    /** 1 when the flag at {@code i} takes the next word as its value, else 0. */
    private static int skipValue(Entry entry, String subcommand, String t, List<Arg> rest, int i) {
        if (i + 1 >= rest.size() || t.startsWith("--") && t.indexOf('=') > 0) {
            return 0;
        }
        Set<String> valueOptions = subcommand == null ? entry.valueOptions() : entry.subcommandValueOptions();
        if (valueOptions.contains(t)) {
            return 1;
        }
        if (entry.clustered() && !t.startsWith("--") && t.length() > 2 && t.length() <= 16
            && t.substring(1).chars().allMatch(Character::isLetter)
            && valueOptions.contains("-" + t.charAt(t.length() - 1))) {
            return 1;
        }
        return 0;
    }

    private static String prefixLanguage(Entry entry, String t) {
        for (Map.Entry<String, String> p : entry.prefixes().entrySet()) {
            if (t.startsWith(p.getKey()) && t.length() > p.getKey().length()) {
                return p.getValue();
            }
        }
        return null;
    }

    private static Arg derived(Arg from, String text) {
        return new Arg(text, false, from.dynamic(), from.producers(), from.content());
    }

}
