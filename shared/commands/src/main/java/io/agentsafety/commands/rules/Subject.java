package io.agentsafety.commands.rules;

import io.agentsafety.commands.analysis.Arg;
import io.agentsafety.commands.analysis.ArgClasses;
import io.agentsafety.commands.analysis.ResolvedCommand;

import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One resolved command as the rules see it while {@link RuleSet#matching} tries them all: what every rule would
 * otherwise recompute (the lower-cased name, the positional words, dry-run, each argument's classes) is computed once,
 * on first use. A command is tried against dozens of rules (a {@code docker} or {@code kubectl} line against ~20), so
 * this is most of the matching cost. Single-threaded, lives for one {@code matching} call.
 */
final class Subject {

    final ResolvedCommand command;
    final String name;
    final Set<String> valueOptions;
    final ArgClasses.Place place;
    private List<Arg> positionals;
    private int dryRun = -1;
    /** Created on first use: most commands meet no rule that asks (two identity maps are ~600 bytes a command). */
    private Map<Arg, EnumSet<ArgClasses.ArgClass>> classes;
    private Map<Arg, String> collapsed;

    Subject(ResolvedCommand command, Set<String> valueOptions) {
        this.command = command;
        this.name = command.name().toLowerCase(Locale.ROOT);
        this.valueOptions = valueOptions;
        this.place = command.place();
    }

    List<Arg> positionals() {
        if (positionals == null) {
            positionals = command.positionals(valueOptions);
        }
        return positionals;
    }

    /** Only reports: a dry run ({@link Condition#isDryRun}) or a request for usage ({@link HelpRequest}). */
    boolean dryRun() {
        if (dryRun < 0) {
            dryRun = Condition.isDryRun(command.args()) || Condition.isShortDryRun(name, command.args()) || HelpRequest.asks(name, command.args()) ? 1 : 0;
        }
        return dryRun == 1;
    }

    /** {@link ArgClasses#classify} of one of the command's own arguments (args, positionals, writes) at its place. */
    EnumSet<ArgClasses.ArgClass> classes(Arg arg) {
        if (classes == null) {
            classes = new IdentityHashMap<>(expectedKeys());
        }
        EnumSet<ArgClasses.ArgClass> known = classes.get(arg);
        if (known == null) {
            known = ArgClasses.classify(arg, place);
            classes.put(arg, known);
        }
        return known;
    }

    /**
     * The keys are the command's own arguments and writes: sized for them, the identity maps' tables are a quarter of the
     * default (64 slots) for a typical command, and never grow.
     */
    private int expectedKeys() {
        return command.args().size() + command.writes().size();
    }

    /**
     * {@link ArgClasses#collapseRelative} of one of the command's own arguments, computed once for every regex rule.
     * After a {@code cd} from an unknown start (the tracked directory relative, {@code ..}), a relative argument is
     * joined to it first, so {@code cd .. && rm -rf *} is matched as {@code rm -rf ../*}.
     */
    String collapsed(Arg arg) {
        if (collapsed == null) {
            collapsed = new IdentityHashMap<>(expectedKeys());
        }
        String known = collapsed.get(arg);
        if (known == null) {
            known = ArgClasses.collapseRelative(joinedToRelativeCwd(arg.text()));
            collapsed.put(arg, known);
        }
        return known;
    }

    private String joinedToRelativeCwd(String text) {
        String cwd = place == null ? null : place.cwd();
        if (!ArgClasses.isRelative(cwd) || text.isEmpty() || text.startsWith("/") || text.startsWith("~")
            || text.startsWith("-") || text.contains("://") || cwd.equals(".") || cwd.isEmpty()) {
            return text;
        }
        return cwd + "/" + text;
    }
}
