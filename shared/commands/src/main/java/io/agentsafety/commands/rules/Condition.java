package io.agentsafety.commands.rules;

import io.agentsafety.commands.analysis.Arg;
import io.agentsafety.commands.analysis.Content;
import io.agentsafety.commands.analysis.ResolvedCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The structured match of a rule against a resolved simple command. Every key that is present must hold:
 * <ul>
 * <li>{@code command}: command names ({@code mkfs*} matches by prefix);</li>
 * <li>{@code subcommand}: alternatives, each the leading positional words ({@code "s3 rb"});</li>
 * <li>{@code words_any}: a positional word equal to one of these;</li>
 * <li>{@code flags_all} (each entry a list of alternatives), {@code flags_any}, {@code flags_none}: options, with
 * combined short flags ({@code -rf} has {@code -r} and {@code -f}) and {@code --long[=value]};</li>
 * <li>{@code args_any}, {@code args_all} (list of alternative lists), {@code args_none}, {@code positional_any},
 * {@code positional_none}, {@code last_arg}, {@code sources_any} (a positional but the last, a move's or copy's
 * sources), {@code writes_any}: argument matchers (see {@link ArgMatcher});</li>
 * <li>{@code positional_max} / {@code positional_min}: at most / at least this many positional words (a subcommand's
 * words count); {@code stdin}: download|unknown|text|file|none.</li>
 * <li>{@code option_value}: {@code {options: [-f, --filename], any: [MATCHERS]}}, the value given to one of these
 * options ({@code -f VALUE}, {@code --filename=VALUE}) matches: {@code args_any} sees every word, and a bare name
 * means a folder only where it is an option's value ({@code kubectl delete -f k8s}, not {@code -n prod}).</li>
 * </ul>
 */
final class Condition {

    private static final Set<String> KEYS = Set.of("command", "subcommand", "words_any", "flags_all", "flags_any",
        "flags_none", "args_any", "args_all", "args_none", "positional_any", "positional_none", "last_arg",
        "writes_any", "overwrites_any", "positional_max", "positional_min", "stdin", "sources_any", "option_value");

    private final List<String> commands;
    /** {@code commands} split once: exact names, and the prefixes of the {@code name*} entries (without the star). */
    private final List<String> exactNames;
    private final List<String> namePrefixes;
    private final List<List<String>> subcommands;
    private final List<String> wordsAny;
    private final List<List<Flag>> flagsAll;
    private final List<Flag> flagsAny;
    private final List<Flag> flagsNone;
    private final List<ArgMatcher> argsAny;
    private final List<List<ArgMatcher>> argsAll;
    private final List<ArgMatcher> argsNone;
    private final List<ArgMatcher> positionalAny;
    private final List<ArgMatcher> positionalNone;
    private final List<ArgMatcher> lastArg;
    /** A positional word other than the last, the destination of {@code mv}/{@code cp} (the only one when it is alone). */
    private final List<ArgMatcher> sourcesAny;
    private final List<ArgMatcher> writesAny;
    private final List<ArgMatcher> overwritesAny;
    private final Integer positionalMax;
    private final Integer positionalMin;
    private final List<String> stdin;
    /** {@code option_value}: the options whose value is tested, and the matchers (both empty when the key is absent). */
    private final List<String> valueOptions;
    private final List<ArgMatcher> valueMatchers;

    @SuppressWarnings("unchecked")
    Condition(Map<String, Object> yaml, String where) {
        for (String key : yaml.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown match key '" + key + "' (known: " + KEYS + ")");
            }
        }
        commands = lower(strings(yaml.get("command"), where + ".command"));
        exactNames = commands.stream().filter(c -> !c.endsWith("*")).toList();
        namePrefixes = commands.stream().filter(c -> c.endsWith("*")).map(c -> c.substring(0, c.length() - 1)).toList();
        subcommands = new ArrayList<>();
        for (String alternative : strings(yaml.get("subcommand"), where + ".subcommand")) {
            subcommands.add(List.of(alternative.toLowerCase(Locale.ROOT).trim().split("\\s+")));
        }
        wordsAny = lower(strings(yaml.get("words_any"), where + ".words_any"));
        flagsAll = new ArrayList<>();
        for (Object group : list(yaml.get("flags_all"), where + ".flags_all")) {
            flagsAll.add(Flag.all(strings(group, where + ".flags_all")));
        }
        flagsAny = Flag.all(strings(yaml.get("flags_any"), where + ".flags_any"));
        flagsNone = Flag.all(strings(yaml.get("flags_none"), where + ".flags_none"));
        argsAny = matchers(yaml.get("args_any"), where + ".args_any");
        argsAll = new ArrayList<>();
        for (Object group : list(yaml.get("args_all"), where + ".args_all")) {
            argsAll.add(matchers(group, where + ".args_all"));
        }
        argsNone = matchers(yaml.get("args_none"), where + ".args_none");
        positionalAny = matchers(yaml.get("positional_any"), where + ".positional_any");
        positionalNone = matchers(yaml.get("positional_none"), where + ".positional_none");
        lastArg = matchers(yaml.get("last_arg"), where + ".last_arg");
        sourcesAny = matchers(yaml.get("sources_any"), where + ".sources_any");
        writesAny = matchers(yaml.get("writes_any"), where + ".writes_any");
        overwritesAny = matchers(yaml.get("overwrites_any"), where + ".overwrites_any");
        Object max = yaml.get("positional_max");
        if (max != null && !(max instanceof Integer)) {
            throw new IllegalArgumentException(where + ".positional_max must be an integer");
        }
        positionalMax = (Integer) max;
        Object min = yaml.get("positional_min");
        if (min != null && !(min instanceof Integer)) {
            throw new IllegalArgumentException(where + ".positional_min must be an integer");
        }
        positionalMin = (Integer) min;
        stdin = lower(strings(yaml.get("stdin"), where + ".stdin"));
        for (String s : stdin) {
            if (!Set.of("download", "unknown", "text", "file", "none").contains(s)) {
                throw new IllegalArgumentException(where + ".stdin: unknown value '" + s + "'");
            }
        }
        Map<String, Object> optionValue = yaml.get("option_value") == null ? Map.of() : map(yaml.get("option_value"), where + ".option_value");
        if (yaml.containsKey("option_value") && !optionValue.keySet().equals(Set.of("options", "any"))) {
            throw new IllegalArgumentException(where + ".option_value needs exactly 'options' and 'any'");
        }
        valueOptions = strings(optionValue.get("options"), where + ".option_value.options");
        valueMatchers = matchers(optionValue.get("any"), where + ".option_value.any");
        if (commands.isEmpty() && writesAny.isEmpty() && overwritesAny.isEmpty()) {
            throw new IllegalArgumentException(where + ": a rule needs 'command', 'writes_any' or 'overwrites_any'");
        }
    }

    List<String> commands() {
        return commands;
    }

    /**
     * {@code --dry-run}, {@code --dryrun}, {@code -WhatIf}...: the command only reports what it would do (tools that do
     * not know the flag reject it and do nothing). {@code --dry-run=none|false} is a real run.
     */
    static boolean isDryRun(List<Arg> args) {
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String t = arg.text();
            if (t.length() < 6 || t.charAt(0) != '-' || !arg.exact()) {
                continue;
            }
            String lower = t.toLowerCase(Locale.ROOT);
            // -dry-run: Go's flag package reads one dash as two (terraform state rm -dry-run)
            if (lower.equals("--dry-run") || lower.equals("-dry-run") || lower.equals("--dryrun") || lower.equals("-whatif") || lower.equals("--what-if")
                || lower.equals("--noop") || lower.equals("--simulate") || lower.equals("--just-print")
                // the AWS CLI prints a JSON template of the request (or, with "output", a sample reply) and calls nothing
                || lower.equals("--generate-cli-skeleton")
                || (lower.startsWith("--dry-run=") || lower.startsWith("-dry-run=")) && !lower.endsWith("-run=none")
                    && !lower.endsWith("-run=false")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Programs whose short flag {@code -n} means a dry run, alone or in a group ({@code rsync -avn --delete}: lists what
     * it would delete). Only programs where {@code -n} has no other meaning are listed.
     */
    private static final Set<String> SHORT_N_DRY_RUN = Set.of("rsync");

    static boolean isShortDryRun(String name, List<Arg> args) {
        if (!SHORT_N_DRY_RUN.contains(name)) {
            return false;
        }
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("--")) {
                return false;
            }
            if (args.get(i).exact() && t.length() >= 2 && t.charAt(0) == '-' && t.charAt(1) != '-' && t.indexOf('n') > 0
                && t.chars().skip(1).allMatch(Character::isLetterOrDigit)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(Subject subject) {
        return matches(subject, false);
    }

    /**
     * {@code named}: the subject's name is known to be one of this condition's exact {@code command} names (RuleSet found
     * the rule through its name index), so the name test is skipped: ~20 rules are tried against a docker or kubectl line.
     */
    boolean matches(Subject subject, boolean named) {
        // Cheapest tests first: most commands fail on the name, the redirections or stdin. Plain indexed loops: this runs
        // for every rule a command is tried against; C1-compiled Lambda code does not inline stream pipelines, and an
        // iterator over lists of several classes (ArrayList, List.of) is a call C2 does not inline either: an allocation.
        ResolvedCommand command = subject.command;
        if (!named && !commands.isEmpty() && !namedBy(subject.name)) {
            return false;
        }
        // the subcommand next: nearly every git/docker/kubectl/cloud rule names one (git push, docker system prune), and
        // a command is tried against all the rules of its name, so most fail here; the positionals are computed once
        if (!subcommands.isEmpty() && !startsWithAny(subject.positionals(), subcommands)) {
            return false;
        }
        if (!writesAny.isEmpty() && (command.writes().isEmpty() || !anyMatch(command.writes(), writesAny, subject))) {
            return false;
        }
        if (!overwritesAny.isEmpty() && (command.writes().isEmpty() || !anyMatch(command.overwrites(), overwritesAny, subject))) {
            return false;
        }
        if (!stdin.isEmpty()) {
            Content.Kind kind = command.stdin() == null ? Content.Kind.NONE : command.stdin().kind();
            if (!stdin.contains(kind.name().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        List<Arg> args = command.args();
        if (!commands.isEmpty() && subject.dryRun()) {
            return false;
        }
        for (int i = 0; i < flagsAll.size(); i++) {
            if (!hasAnyFlag(args, flagsAll.get(i))) {
                return false;
            }
        }
        if (!flagsAny.isEmpty() && !hasAnyFlag(args, flagsAny)) {
            return false;
        }
        if (hasAnyFlag(args, flagsNone)) {
            return false;
        }
        if (!argsAny.isEmpty() && !anyMatch(args, argsAny, subject)) {
            return false;
        }
        for (int i = 0; i < argsAll.size(); i++) {
            if (!anyMatch(args, argsAll.get(i), subject)) {
                return false;
            }
        }
        if (!argsNone.isEmpty() && anyMatch(args, argsNone, subject)) {
            return false;
        }
        if (!valueMatchers.isEmpty() && !optionValueMatches(args, subject)) {
            return false;
        }
        if (subcommands.isEmpty() && wordsAny.isEmpty() && positionalAny.isEmpty() && positionalNone.isEmpty()
            && lastArg.isEmpty() && sourcesAny.isEmpty() && positionalMax == null && positionalMin == null) {
            return true;
        }
        List<Arg> positionals = subject.positionals();
        if (!wordsAny.isEmpty() && !anyWord(positionals, wordsAny)) {
            return false;
        }
        if (!positionalAny.isEmpty() && !anyMatch(positionals, positionalAny, subject)) {
            return false;
        }
        if (!positionalNone.isEmpty() && anyMatch(positionals, positionalNone, subject)) {
            return false;
        }
        if (!sourcesAny.isEmpty() && !anyMatch(positionals.size() > 1 ? positionals.subList(0, positionals.size() - 1) : positionals,
            sourcesAny, subject)) {
            return false;
        }
        if (!lastArg.isEmpty() && (positionals.isEmpty()
            || !anyMatch(List.of(positionals.get(positionals.size() - 1)), lastArg, subject))) {
            return false;
        }
        return (positionalMax == null || positionals.size() <= positionalMax)
            && (positionalMin == null || positionals.size() >= positionalMin);
    }

    /** {@code command}: a name, or a prefix ending in {@code *}. */
    private boolean namedBy(String name) {
        for (int i = 0; i < exactNames.size(); i++) {
            if (exactNames.get(i).equals(name)) {
                return true;
            }
        }
        for (int i = 0; i < namePrefixes.size(); i++) {
            if (name.startsWith(namePrefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAnyFlag(List<Arg> args, List<Flag> specs) {
        for (int i = 0; i < specs.size(); i++) {
            if (hasFlag(args, specs.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithAny(List<Arg> positionals, List<List<String>> alternatives) {
        for (int i = 0; i < alternatives.size(); i++) {
            if (startsWith(positionals, alternatives.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyWord(List<Arg> positionals, List<String> words) {
        for (int i = 0; i < positionals.size(); i++) {
            if (words.contains(positionals.get(i).text().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(List<Arg> positionals, List<String> words) {
        if (positionals.size() < words.size()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            if (!positionals.get(i).text().toLowerCase(Locale.ROOT).equals(words.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatch(List<Arg> args, List<ArgMatcher> matchers, Subject subject) {
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            for (int j = 0; j < matchers.size(); j++) {
                if (matchers.get(j).matches(arg, subject)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code option_value}: the word after one of the options, or the part after {@code OPTION=}, matches. */
    private boolean optionValueMatches(List<Arg> args, Subject subject) {
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("--")) {
                return false;
            }
            for (int j = 0; j < valueOptions.size(); j++) {
                String option = valueOptions.get(j);
                Arg value = null;
                if (t.equals(option) && i + 1 < args.size()) {
                    value = args.get(i + 1);
                } else if (t.length() > option.length() && t.startsWith(option) && t.charAt(option.length()) == '=') {
                    Arg arg = args.get(i);
                    value = new Arg(t.substring(option.length() + 1), arg.glob(), arg.dynamic(), arg.producers(), null);
                }
                if (value != null && anyMatch(List.of(value), valueMatchers, subject)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code -f} is found in {@code -f}, {@code -rf}, {@code -fr}; {@code --force} in {@code --force[=x]}; other specs exactly. */
    static boolean hasFlag(List<Arg> args, Flag flag) {
        String spec = flag.spec;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("--")) {
                return false;
            }
            // every way below to hold starts with the spec's first character (most arguments are not options)
            if (t.isEmpty()) {
                if (spec.isEmpty()) {
                    return true;
                }
                continue;
            }
            if (!spec.isEmpty() && t.charAt(0) != spec.charAt(0)) {
                continue;
            }
            if (t.equals(spec) || flag.withValue != null && t.startsWith(flag.withValue)) {
                return true;
            }
            if (flag.shortLetter && t.length() > 2 && t.charAt(0) == '-' && t.charAt(1) != '-'
                && t.indexOf(spec.charAt(1), 1) > 0 && lettersOrDigitsAfterDash(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A flag spec with what {@link #hasFlag} needs precomputed: it runs for every argument of every command a rule is
     * tried against, and building {@code spec + "="} there was a measurable share of the matching time.
     */
    record Flag(String spec, String withValue, boolean shortLetter) {

        static Flag of(String spec) {
            return new Flag(spec, spec.startsWith("--") ? spec + "=" : null,
                spec.length() == 2 && spec.charAt(0) == '-' && spec.charAt(1) != '-');
        }

        static List<Flag> all(List<String> specs) {
            return specs.stream().map(Flag::of).toList();
        }
    }

    private static boolean lettersOrDigitsAfterDash(String t) {
        for (int i = 1; i < t.length(); i++) {
            if (!Character.isLetterOrDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    private static List<Object> list(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw new IllegalArgumentException(where + " must be a list");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(where + " must be a map");
    }

    static List<String> strings(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        for (Object item : list(value, where)) {
            if (!(item instanceof String) && !(item instanceof Number)) {
                throw new IllegalArgumentException(where + " must contain strings, found " + item);
            }
            out.add(String.valueOf(item));
        }
        return out;
    }

    private static List<ArgMatcher> matchers(Object value, String where) {
        List<ArgMatcher> out = new ArrayList<>();
        for (String spec : strings(value, where)) {
            try {
                out.add(ArgMatcher.parse(spec));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
