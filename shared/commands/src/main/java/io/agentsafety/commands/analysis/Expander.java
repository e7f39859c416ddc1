package io.agentsafety.commands.analysis;

import io.agentsafety.commands.shell.ShellParser;
import io.agentsafety.commands.shell.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell expansion of words, as the shell does it before running a command: parameters (with their operators,
 * positional parameters, arrays, a custom {@code IFS}), tilde, brace expansion, command and process substitutions
 * (their bodies are walked by the {@link Interpreter}), arithmetic, and field splitting. Unknown parts stay unknown
 * ({@link Arg#UNKNOWN}) and remember what produced them.
 */
final class Expander {

    private final Interpreter interpreter;
    private final Sink sink;
    private final Budget budget;

    Expander(Interpreter interpreter, Sink sink, Budget budget) {
        this.interpreter = interpreter;
        this.sink = sink;
        this.budget = budget;
    }

    /** Expands {@code text} as the shell expands a here-document body or a prompt: its command substitutions run. */
    Arg expandText(String text, Env env, int depth) {
        // Nothing to expand only without $, ` and \ (an unquoted here-document's \\ is one backslash: r\\m is r\m)
        if (text == null || text.indexOf('$') < 0 && text.indexOf('`') < 0 && text.indexOf('\\') < 0
            || budget.exceeded()) {
            return Arg.literal(text == null ? "" : text);
        }
        if (depth > Interpreter.MAX_DEPTH) {
            sink.unresolved("shell code nested deeper than " + Interpreter.MAX_DEPTH + " levels (expansion)");
            return new Arg(String.valueOf(Arg.UNKNOWN), false, false, List.of(), null);
        }
        Word word = ShellParser.parseExpandable(text, budget.nodes());
        budget.spendNodes(word.parts().size());
        return expandJoined(word, env, depth);
    }

    List<Arg> expandAll(List<Word> words, Env env, int depth) {
        List<Arg> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            expandInto(words.get(i), env, depth, out);
        }
        return out;
    }

    /** Adds the fields {@code word} expands to onto {@code out}. */
    private void expandInto(Word word, Env env, int depth, List<Arg> out) {
        if (word.parts().size() == 1 && word.parts().get(0) instanceof Word.Lit lit) {
            // most words are one literal run: no splitting, so no field accumulator (this runs for every word)
            String plain = lit.text();
            if (!lit.quoted() && plain.indexOf('{') >= 0 && !Interpreter.isPosix(env.shell)) {
                List<String> braces = Braces.expand(plain);
                if (braces.size() > 1) {
                    for (String b : braces) {
                        if (!b.isEmpty()) { // {,x} is x alone: an unquoted empty word is removed
                            out.add(new Arg(b, Globs.hasGlob(b), false, List.of(), null));
                        }
                    }
                    return;
                }
            }
            if (lit.quoted() || !plain.isEmpty()) { // an unquoted empty word is removed
                out.add(new Arg(plain, !lit.quoted() && Globs.hasGlob(plain), false, List.of(), null));
            }
            return;
        }
        Fields fields = new Fields(out);
        fields.ifs = env.vars.containsKey("IFS") ? env.vars.get("IFS") : null;
        fields.customIfs = env.vars.containsKey("IFS");
        for (Word.Part part : word.parts()) {
            expandPart(part, env, depth, fields);
        }
        fields.finish();
    }

    Arg expandJoined(Word word, Env env, int depth) {
        Fields fields = new Fields(null);
        fields.noSplit = true;
        for (Word.Part part : word.parts()) {
            expandPart(part, env, depth, fields);
        }
        fields.finish();
        return fields.first == null ? Arg.literal("") : fields.first;
    }

    private void expandPart(Word.Part part, Env env, int depth, Fields fields) {
        if (part instanceof Word.Lit lit) {
            fields.append(lit.text(), !lit.quoted() && Globs.hasGlob(lit.text()), lit.quoted());
        } else if (part instanceof Word.Tilde tilde) {
            if (tilde.user().isEmpty() && env.vars.containsKey("HOME")) {
                // HOME=/srv/x; rm -rf ~ removes /srv/x; otherwise "~" stands for the unknown real home
                String home = env.vars.get("HOME");
                if (home == null) {
                    fields.unknown(false, null);
                } else {
                    fields.append(home, false, true);
                }
            } else {
                fields.append("~" + tilde.user(), false, true);
            }
        } else if (part instanceof Word.Param param) {
            String value = resolveParam(param, env, depth);
            if (value == null) {
                // a loop variable over a command's output (for ns in $(kubectl get ns -o name)) is that output
                String source = param.op() == null && !env.lineSources.isEmpty() ? env.lineSources.get(param.name()) : null;
                fields.unknown(source != null, source);
            } else {
                // "$@" and "${array[@]}" expand to one field per element, quoted or not.
                boolean positional = param.op() == null && param.name().equals("@");
                boolean perElement = positional || param.op() == null && env.arrays.contains(param.name());
                if (positional) {
                    // "$@" is one field per positional parameter, each kept whole when quoted; none when there are none
                    if (!"0".equals(env.vars.get("#"))) {
                        String[] elements = value.split(String.valueOf(Env.ELEMENT_SEPARATOR), -1);
                        for (int e = 0; e < elements.length; e++) {
                            if (e > 0) {
                                fields.newField();
                            }
                            fields.value(elements[e], param.quoted());
                        }
                    }
                } else {
                    boolean globMatch = param.op() == null && env.globMatches.contains(param.name());
                    if (param.op() == null && env.lineSources.containsKey(param.name())) {
                        fields.addProducer(env.lineSources.get(param.name()));
                        fields.dynamic = true;
                    }
                    fields.value(value, param.quoted() && !perElement && !globMatch);
                }
            }
        } else if (part instanceof Word.CommandSub sub) {
            Content out = interpreter.runScript(sub.body(), env.copy(), depth + 1, Content.NONE);
            if (out.isText()) {
                fields.value(trimTrailingNewlines(out.text()), sub.quoted());
            } else if (!sub.quoted() && !out.roots().isEmpty() && out.source() != null
                && (out.source().equals("ls") || out.source().startsWith("ls ") || out.source().startsWith("dir ")
                || out.reach() == Content.Reach.TREE)) {
                // rm -rf $(ls /): every entry of the listed directories, i.e. DIR/*; rm -f $(find . -type f): every
                // file of the trees, which the interpreter judges as a fan-out
                List<String> roots = out.roots();
                if (out.reach() == Content.Reach.TREE) {
                    interpreter.noteTree(out.source(), roots);
                }
                for (int i = 0; i < roots.size() && i < 16; i++) {
                    if (i > 0) {
                        fields.newField();
                    }
                    String root = roots.get(i);
                    fields.append(out.entries(root), true, false);
                    fields.dynamic = true;
                    fields.addProducer(out.source());
                }
            } else {
                fields.unknown(true, describe(out));
            }
        } else if (part instanceof Word.ProcessSub sub) {
            Content out = interpreter.runScript(sub.body(), env.copy(), depth + 1, Content.NONE);
            fields.append("/dev/fd/63", false, true);
            fields.content = sub.input() ? out : null;
        } else if (part instanceof Word.Arithmetic arithmetic) {
            // $(( $(cmd) )): the value is not computed, but the substitutions inside run
            expandText(arithmetic.expression(), env.copy(), depth + 1);
            fields.unknown(false, null);
        } else if (part instanceof Word.Subscript subscript) {
            expandText(subscript.expression(), env.copy(), depth + 1);
        }
    }

    private static String trimTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String describe(Content content) {
        return switch (content.kind()) {
            case DOWNLOAD -> "download of " + content.source();
            case FILE -> "file " + content.source();
            case UNKNOWN -> content.source() == null ? "a command" : content.source();
            default -> "a command with no output";
        };
    }

    private String resolveParam(Word.Param param, Env env, int depth) {
        String name = param.name();
        String op = param.op();
        int bracket = name.indexOf('[');
        if (bracket > 0) {
            // ${a[N]}: element N of an array assigned in the command (elements are space-separated), ${s[0]} is $s.
            String base = name.substring(0, bracket);
            String subscript = name.substring(bracket + 1, name.length() - 1);
            String whole = env.vars.get(base);
            if (whole == null) {
                return null;
            }
            if (subscript.equals("@") || subscript.equals("*")) {
                return whole; // ${#a[@]} arrives here whole (the length operator parses no subscript)
            }
            if (subscript.isEmpty() || subscript.length() > 4 || !subscript.chars().allMatch(Character::isDigit)) {
                return null; // a computed or associative subscript: unknown
            }
            int index = Integer.parseInt(subscript);
            String[] elements = env.arrays.contains(base) ? whole.split(" ", -1) : new String[] {whole};
            return index < elements.length ? elements[index] : "";
        }
        boolean set = env.vars.containsKey(name);
        String value = env.vars.get(name);
        if (!set) {
            if (name.equals("HOME")) {
                value = "~";
                set = true;
            } else if (name.equals("PWD")) {
                // the working directory: its absolute path when known, else "." (rm -rf "$PWD" is rm -rf .)
                value = env.cwd != null && !ArgClasses.isRelative(env.cwd) ? env.cwd : ".";
                set = true;
            } else if (ShellKnowledge.builtIn().defaultVariable(name) != null) {
                // Standard values: obfuscations such as ${PATH:0:1} (= "/") and rm${IFS}-rf rely on them.
                value = ShellKnowledge.builtIn().defaultVariable(name);
                set = true;
            }
        }
        if (op == null) {
            return set ? value : null;
        }
        switch (op) {
            case "indirect" -> {
                // ${!name}: the variable whose name name holds (one level, as bash does); unknown unless both are known
                return set && value != null && value.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")
                    ? resolveParam(new Word.Param(value, null, null, param.quoted()), env, depth) : null;
            }
            case ":-", "-", ":=", "=" -> {
                if (set && value != null && (!value.isEmpty() || !op.startsWith(":"))) {
                    return value;
                }
                if (set && value == null) {
                    return null;
                }
                // Unset in the command: the default is what runs unless the environment sets it; analyse the default.
                Arg fallback = param.arg() == null ? Arg.literal("") : expandJoined(param.arg(), env, depth);
                if (op.endsWith("=") && fallback.exact()) {
                    env.vars.put(name, fallback.text());
                }
                return fallback.exact() ? fallback.text() : null;
            }
            case ":+", "+" -> {
                if (set && value != null) {
                    Arg alt = param.arg() == null ? Arg.literal("") : expandJoined(param.arg(), env, depth);
                    return value.isEmpty() && op.equals(":+") ? "" : alt.exact() ? alt.text() : null;
                }
                return null;
            }
            case ":?", "?" -> {
                // ${X:?} aborts the command when X is empty: unknown, but never empty (the "_" keeps
                // rm -rf "${X:?}/"* from reading like rm -rf "$X/"*, which is rm -rf /* when X is empty)
                return set ? value : Arg.UNKNOWN + "_";
            }
            default -> {
                // ${HOME%/*} cuts the real path (/home/user -> /home), not the "~" the analysis uses for it
                String subject = name.equals("HOME") && !env.vars.containsKey("HOME") ? "/home/user" : value;
                return subject == null ? null : PatternOps.apply(op, subject, param.arg() == null ? null
                    : expandJoined(param.arg(), env, depth));
            }
        }
    }

    private static final java.util.regex.Pattern IFS = java.util.regex.Pattern.compile("[ \t\n]+");

    /** Accumulates the fields a word expands to, splitting unquoted expansion results on whitespace. */
    private static final class Fields {
        /** Where finished fields go; null when only the first one is wanted ({@link #expandJoined}). */
        final List<Arg> done;
        Arg first;
        final StringBuilder text = new StringBuilder();
        boolean glob;
        boolean dynamic;
        boolean started;
        boolean noSplit;
        /** IFS assigned in the command line ({@code IFS=,}); null value: assigned something unknown. */
        boolean customIfs;
        String ifs;
        /** Created on first use: most words have no producers. */
        List<String> producers;
        Content content;

        Fields(List<Arg> done) {
            this.done = done;
        }

        void addProducer(String producer) {
            if (producers == null) {
                producers = new ArrayList<>();
            }
            producers.add(producer);
        }

        void append(String s, boolean isGlob, boolean quoted) {
            text.append(s);
            glob |= isGlob;
            started |= quoted || !s.isEmpty();
        }

        void value(String value, boolean quoted) {
            if (quoted || noSplit) {
                append(value, false, true);
                return;
            }
            String[] pieces = customIfs ? splitOn(value, ifs) : IFS.split(value, -1);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    newField();
                }
                append(pieces[i], Globs.hasGlob(pieces[i]), false);
            }
        }

        private static String[] splitOn(String value, String ifs) {
            String separators = ifs == null ? " \t\n" : ifs;
            if (separators.isEmpty()) {
                return new String[] {value};
            }
            List<String> pieces = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < value.length(); i++) {
                if (separators.indexOf(value.charAt(i)) >= 0) {
                    pieces.add(value.substring(start, i));
                    start = i + 1;
                }
            }
            pieces.add(value.substring(start));
            return pieces.toArray(new String[0]);
        }

        void unknown(boolean fromCommand, String producer) {
            text.append(Arg.UNKNOWN);
            started = true;
            dynamic |= fromCommand;
            if (producer != null) {
                addProducer(producer);
            }
        }

        void newField() {
            finish();
            text.setLength(0); // both were copied into the Arg: reused rather than reallocated for every field
            glob = false;
            dynamic = false;
            started = false;
            if (producers != null) {
                producers.clear();
            }
            content = null;
        }

        /** Emits the field in progress, if any. */
        void finish() {
            if (!started) {
                return;
            }
            Arg arg = new Arg(text.toString(), glob, dynamic, producers == null ? List.of() : List.copyOf(producers), content);
            if (done != null) {
                done.add(arg);
            } else if (first == null) {
                first = arg;
            }
        }
    }
}
