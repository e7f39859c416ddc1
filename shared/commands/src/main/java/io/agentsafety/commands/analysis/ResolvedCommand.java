package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * A simple command as it would run: wrappers stripped, name normalized ({@code /bin/rm} and {@code r\m} are
 * {@code rm}), variables resolved, with its write redirections, its standard input and the working directory the
 * analysis tracked ({@code null} when unknown), and the workspace: the absolute directory the request said the line
 * starts in ({@code null} when it did not say). Pseudo commands name analysis facts: {@code @sql} (a SQL statement,
 * args = kind, text) and {@code @fork_bomb}.
 */
public record ResolvedCommand(String name, List<Arg> args, List<Arg> writes, Content stdin, String cwd, List<Arg> appends,
                              String workspace) {

    public ResolvedCommand(String name, List<Arg> args, List<Arg> writes, Content stdin, String cwd) {
        this(name, args, writes, stdin, cwd, List.of(), null);
    }

    /** Where an argument is judged from: the tracked directory and the request's workspace. */
    public ArgClasses.Place place() {
        return new ArgClasses.Place(cwd, workspace);
    }

    /** Write targets that are truncated ({@code >}, {@code >|}, {@code &>}), not appended to. */
    public List<Arg> overwrites() {
        if (appends.isEmpty()) {
            return writes;
        }
        List<Arg> out = new ArrayList<>();
        for (Arg write : writes) {
            if (appends.stream().noneMatch(a -> a == write)) {
                out.add(write);
            }
        }
        return out;
    }

    public String evidence() {
        // every simple command's output carries its evidence: plain index loops, no quoted copy per argument
        StringBuilder sb = new StringBuilder(64).append(name);
        String previous = null;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            sb.append(' ');
            String text = EvidenceMask.mask(name, previous, arg.display());
            previous = arg.text();
            if (text.isEmpty() || text.indexOf(' ') >= 0) {
                sb.append('\'').append(text).append('\'');
            } else {
                sb.append(text);
            }
            if (sb.length() > 240) {
                break;
            }
        }
        for (int i = 0; i < writes.size(); i++) {
            sb.append(" > ").append(EvidenceMask.mask(name, null, writes.get(i).display()));
        }
        return sb.toString().replace('\n', ' ');
    }

    /** Arguments that are not options: everything after {@code --}, and words not starting with '-'. */
    public List<Arg> positionals(java.util.Set<String> valueOptions) {
        List<Arg> out = new ArrayList<>();
        boolean endOfOptions = false;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String text = arg.text();
            if (!endOfOptions && text.equals("--")) {
                endOfOptions = true;
                continue;
            }
            if (!endOfOptions && arg.isFlag()) {
                if (valueOptions.contains(text) && text.indexOf('=') < 0) {
                    i++;
                }
                continue;
            }
            out.add(arg);
        }
        return out;
    }
}
