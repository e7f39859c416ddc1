package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Commands that fetch URLs: which URLs they fetch and whether the body goes to standard output. */
final class Downloads {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Pattern BARE_HOST = Pattern.compile(
        "^(?:[a-zA-Z0-9][a-zA-Z0-9.-]*\\.[a-zA-Z]{2,}|localhost|\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+\\])(:\\d+)?(/.*)?$");
    /**
     * Short options whose last letter takes the next word as its value ({@code -sSo FILE}, {@code -X METHOD}); a
     * value-taking letter followed by more letters holds its value already ({@code -XDELETE}, {@code -ofile}), so the
     * next word is free.
     */
    // compiled once: String.matches/replaceFirst compile their regex on every call, per argument of every fetcher
    private static final Pattern QUERY_OR_FRAGMENT = Pattern.compile("[?#].*$");
    private static final Pattern UP_TO_LAST_SLASH = Pattern.compile("^.*/");
    private static final Pattern WGET_O_DASH = Pattern.compile("-[a-zA-Z]*O-");
    private static final Pattern WGET_O = Pattern.compile("-[a-zA-Z]*O");
    private static final Pattern SHORT_WITH_O = Pattern.compile("-[a-zA-Z]*[oO][a-zA-Z]*");
    private static final Pattern VALUE_LAST = Pattern.compile("-(?:(?![oOHdXAeTwxFbcKmrEPUY])[a-zA-Z])*[oOHdXAeTwxFbcKmrEPUY]");

    private Downloads() {
    }

    static boolean isFetcher(String name) {
        return ShellKnowledge.builtIn().isFetcher(name.toLowerCase(Locale.ROOT));
    }

    static List<String> urls(List<Arg> args) {
        List<String> urls = new ArrayList<>();
        String previous = "";
        for (Arg arg : args) {
            String text = arg.text();
            int eq = text.indexOf('=');
            String value = text.startsWith("--url=") ? text.substring(6) : text;
            // each regex runs only on text holding what every match holds: "://" after the scheme's first letter; a dot,
            // or a leading "localhost" or "[" for a bare host
            if (arg.exact() && value.length() <= 8192 && value.indexOf("://") > 0 && SCHEME.matcher(value).matches()) {
                urls.add(value);
            } else if (arg.exact() && !arg.isFlag() && text.length() <= 2048 && !ShellKnowledge.builtIn().fetcherValueOptions().contains(previous)
                && !(previous.length() > 1 && previous.length() <= 16 && VALUE_LAST.matcher(previous).matches())
                && (text.indexOf('.') >= 0 || text.startsWith("localhost") || text.startsWith("["))
                && BARE_HOST.matcher(text).matches() && eq < 0) {
                urls.add(text);
            }
            previous = text.length() > 64 ? "" : text;
        }
        return urls;
    }

    static String firstUrl(List<Arg> args) {
        List<String> urls = urls(args);
        return urls.isEmpty() ? "(unknown URL)" : urls.get(0);
    }

    /** The file a fetcher saves the body to ({@code curl -o F}, {@code curl -O}, {@code wget [-O F]}), if any. */
    static java.util.Optional<String> savedFile(String name, List<Arg> args) {
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            boolean shortOpt = t.startsWith("-") && !t.startsWith("--");
            if (name.equals("curl") && (t.equals("--output") || shortOpt && t.endsWith("o")) && i + 1 < args.size()) {
                return java.util.Optional.of(args.get(i + 1).text());
            }
            if (name.equals("curl") && (t.equals("--remote-name") || shortOpt && t.endsWith("O"))) {
                String remoteName = remoteName(args);
                return remoteName.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(remoteName);
            }
            if (name.equals("wget") && (t.equals("--output-document") || shortOpt && t.endsWith("O")) && i + 1 < args.size()) {
                return java.util.Optional.of(args.get(i + 1).text());
            }
            if (t.startsWith("--output=") || t.startsWith("--output-document=")) {
                return java.util.Optional.of(t.substring(t.indexOf('=') + 1));
            }
        }
        if (name.equals("wget") && !writesToStdout(name, args)) {
            String remoteName = remoteName(args);
            return remoteName.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(remoteName);
        }
        return java.util.Optional.empty();
    }

    /** The last path segment of the first URL (what {@code curl -O} and {@code wget} name the file): read only when asked. */
    private static String remoteName(List<Arg> args) {
        return UP_TO_LAST_SLASH.matcher(QUERY_OR_FRAGMENT.matcher(firstUrl(args)).replaceFirst("")).replaceFirst("");
    }

    /** Whether the fetched body goes to standard output (so it can be piped into an interpreter). */
    static boolean writesToStdout(String name, List<Arg> args) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("wget")) {
            for (int i = 0; i < args.size(); i++) {
                String t = args.get(i).text();
                if (t.length() > 32) {
                    continue;
                }
                if (t.equals("-O-") || t.equals("--output-document=-") || WGET_O_DASH.matcher(t).matches()
                    || (WGET_O.matcher(t).matches() || t.equals("--output-document")) && i + 1 < args.size()
                    && args.get(i + 1).text().equals("-")) {
                    return true;
                }
            }
            return false;
        }
        if (lower.equals("iwr") || lower.equals("invoke-webrequest") || lower.equals("aria2c")) {
            return args.stream().noneMatch(a -> a.text().equalsIgnoreCase("-OutFile"));
        }
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.length() > 32) {
                continue;
            }
            if (t.equals("--output") || t.startsWith("--output=") || t.equals("--remote-name") || t.equals("--remote-name-all")
                || t.equals("-d") && lower.equals("http") || t.equals("--download")) {
                return i + 1 < args.size() && args.get(i + 1).text().equals("-") && !t.startsWith("--remote");
            }
            if (SHORT_WITH_O.matcher(t).matches() && !t.startsWith("--")) {
                // -o FILE / -O (remote name) / combined -fsSLo FILE: the body goes to a file unless FILE is '-'.
                if (t.endsWith("o") && i + 1 < args.size()) {
                    return args.get(i + 1).text().equals("-");
                }
                return false;
            }
        }
        return true;
    }
}
