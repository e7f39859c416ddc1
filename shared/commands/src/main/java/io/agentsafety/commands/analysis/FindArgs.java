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

    private static boolean isGlobalOption(String text) {
        return text.equals("-H") || text.equals("-L") || text.equals("-P") || text.equals("-D") || text.startsWith("-O");
    }
}
