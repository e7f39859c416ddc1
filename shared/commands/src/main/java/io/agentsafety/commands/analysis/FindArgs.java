package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;

/** The start paths of a {@code find} command line (before its expression). */
final class FindArgs {

    private FindArgs() {
    }

    static int expressionStart(List<Arg> args) {
        int i = 0;
        while (i < args.size() && isGlobalOption(args.get(i).text())) {
            i++;
        }
        while (i < args.size() && !args.get(i).text().startsWith("-") && !args.get(i).text().equals("(")
            && !args.get(i).text().equals("!")) {
            i++;
        }
        return i;
    }

    static List<String> startPaths(List<Arg> args) {
        List<String> starts = new ArrayList<>();
        int i = 0;
        while (i < args.size() && isGlobalOption(args.get(i).text())) {
            i++;
        }
        while (i < args.size() && !args.get(i).text().startsWith("-") && !args.get(i).text().equals("(")
            && !args.get(i).text().equals("!")) {
            starts.add(args.get(i).text());
            i++;
        }
        if (starts.isEmpty()) {
            starts.add(".");
        }
        return starts;
    }

    /** Tests that select some entries (by name, path, age, size, owner, emptiness) rather than all of them. */
    private static final java.util.Set<String> FILTERS = java.util.Set.of("-name", "-iname", "-path", "-ipath",
        "-regex", "-iregex", "-wholename", "-iwholename", "-newer", "-mtime", "-mmin", "-atime", "-amin", "-ctime",
        "-cmin", "-size", "-user", "-group", "-perm", "-empty", "-links", "-inum", "-samefile", "-lname", "-ilname");

    /** Whether the expression (from {@code expressionStart}) holds a test that selects only some entries. */
    static boolean hasFilter(List<Arg> args, int expressionStart) {
        for (int i = expressionStart; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("-exec") || t.equals("-execdir") || t.equals("-ok") || t.equals("-okdir")) {
                return false;
            }
            if (FILTERS.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the expression selects: only some entries (a narrowing test before any action), the entries of the start
     * paths alone ({@code -maxdepth 0|1}), or every file of the trees ({@code -type} alone does not narrow).
     */
    static Content.Reach reach(List<Arg> args) {
        int start = expressionStart(args);
        if (hasFilter(args, start)) {
            return Content.Reach.MATCHES;
        }
        for (int i = start; i + 1 < args.size(); i++) {
            if (args.get(i).text().equals("-maxdepth") && (args.get(i + 1).text().equals("0") || args.get(i + 1).text().equals("1"))) {
                return Content.Reach.ENTRIES;
            }
        }
        return Content.Reach.TREE;
    }

    private static boolean isGlobalOption(String text) {
        return text.equals("-H") || text.equals("-L") || text.equals("-P") || text.equals("-D") || text.startsWith("-O");
    }
}
