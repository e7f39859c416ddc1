package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code fd} (and Debian's {@code fdfind}) read as the {@code find} command that does the same, so its
 * {@code -x/--exec} and {@code -X/--exec-batch} commands are judged by the find analysis ({@link CommandFeeders}):
 * {@code fd . ~ -x rm -rf} is {@code find ~ -exec rm -rf {} +}, a whole tree; {@code fd -e pyc -x rm} and
 * {@code fd -t d node_modules / -x rm -rf} hand over matches. A search pattern other than a match-all one
 * ({@code .}, {@code ^}, {@code .*}, empty), an extension, a size, an age or an owner narrow it like find's
 * {@code -name}; {@code -t} alone does not, and {@code -d N} is find's {@code -maxdepth N}.
 */
final class FdArgs {

    private static final Set<String> VALUE_OPTIONS = Set.of("-e", "--extension", "-t", "--type", "-d", "--max-depth",
        "--maxdepth", "--min-depth", "--exact-depth", "-E", "--exclude", "-S", "--size", "--changed-within",
        "--change-newer-than", "--newer", "--changed-before", "--change-older-than", "--older", "-o", "--owner",
        "-j", "--threads", "--base-directory", "--path-separator", "--search-path", "-c", "--color",
        "--max-results", "--format", "--ignore-file", "--max-buffer-time", "--batch-size", "--and");
    private static final Set<String> NARROWING = Set.of("-e", "--extension", "-S", "--size", "--changed-within",
        "--change-newer-than", "--newer", "--changed-before", "--change-older-than", "--older", "-o", "--owner", "--and");
    private static final Set<String> MATCH_ALL = Set.of("", ".", "^", ".*", "*", "**");

    private FdArgs() {
    }

    /** The find arguments for an fd command line holding an exec option, or null when it runs nothing. */
    static List<Arg> asFind(List<Arg> rest) {
        List<String> positional = new ArrayList<>();
        List<String> searchPaths = new ArrayList<>();
        boolean narrowed = false;
        boolean glob = false;
        String depth = null;
        int exec = -1;
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i).text();
            if (t.equals("-x") || t.equals("--exec") || t.equals("-X") || t.equals("--exec-batch")) {
                exec = i;
                break;
            }
            String name = t.contains("=") && t.startsWith("--") ? t.substring(0, t.indexOf('=')) : t;
            if (VALUE_OPTIONS.contains(name)) {
                String value = name.equals(t) ? (i + 1 < rest.size() ? rest.get(++i).text() : "") : t.substring(t.indexOf('=') + 1);
                narrowed |= NARROWING.contains(name);
                if (name.equals("-d") || name.equals("--max-depth") || name.equals("--maxdepth")) {
                    depth = value;
                } else if (name.equals("--search-path")) {
                    searchPaths.add(value);
                }
            } else if (t.equals("-g") || t.equals("--glob")) {
                glob = true;
            } else if (!t.startsWith("-") || t.equals("-")) {
                positional.add(t);
            }
        }
        if (exec < 0) {
            return null;
        }
        String pattern = positional.isEmpty() ? null : positional.get(0);
        List<String> paths = new ArrayList<>(searchPaths);
        if (positional.size() > 1) {
            paths.addAll(positional.subList(1, positional.size()));
        }
        narrowed |= pattern != null && !MATCH_ALL.contains(pattern);
        List<Arg> find = new ArrayList<>();
        if (paths.isEmpty()) {
            find.add(Arg.literal("."));
        } else {
            paths.forEach(p -> find.add(Arg.literal(p)));
        }
        if (depth != null) {
            find.add(Arg.literal("-maxdepth"));
            find.add(Arg.literal(depth));
        }
        if (narrowed) {
            find.add(Arg.literal(glob ? "-name" : "-regex"));
            find.add(Arg.literal(pattern == null ? "*" : pattern));
        }
        find.add(Arg.literal("-exec"));
        boolean placeholder = false;
        for (int i = exec + 1; i < rest.size(); i++) {
            Arg a = rest.get(i);
            if (a.text().equals(";")) {
                break;
            }
            if (a.text().contains("{")) {
                String replaced = a.text().replace("{//}", "{}").replace("{/.}", "{}").replace("{/}", "{}").replace("{.}", "{}");
                placeholder |= replaced.contains("{}");
                find.add(replaced.equals(a.text()) ? a : Arg.literal(replaced));
            } else {
                find.add(a);
            }
        }
        if (!placeholder) {
            find.add(Arg.literal("{}"));
        }
        find.add(Arg.literal("+"));
        return find;
    }
}
