package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two cmd.exe statements that hold a command of their own, which a POSIX reading does not see: {@code if [not]
 * exist PATH COMMAND} (a POSIX {@code if} waits for {@code then}, so {@code if exist C:\Windows rd /s /q C:\Windows}
 * ran nothing) and {@code for [/d|/r [ROOT]] %x in (SET) do COMMAND}, whose command runs once per item with
 * {@code %x}/{@code %%x} replaced ({@code for /d %d in (C:\Users\*) do rd /s /q "%d"} removes every profile). The
 * commands found are judged a second time as ordinary lines. Only a line that opens with {@code if} or {@code for}
 * and holds no POSIX {@code then}/{@code do ...;} structure is read so; the patterns are anchored (one attempt per line).
 * A {@code /r} loop runs its command for the matching files of every folder of the tree below ROOT: a {@code del} or
 * {@code erase} there is that command's own tree form, {@code del /s ROOT\PATTERN} ({@code for /r C:\ %f in (*.docx)
 * do del %f} removes every document on the drive, not only those in its root).
 */
public final class CmdLines {

    private static final Pattern IF_EXIST = Pattern.compile(
        "(?is)^\\s*@?if\\s+(?:/i\\s+)?(?:not\\s+)?exist\\s+(?:\"[^\"]*\"|\\S+)\\s+(.+)$");
    private static final Pattern FOR = Pattern.compile(
        "(?is)^\\s*@?for\\s+(/[dlr](?:\\s+/[dr])?\\s+)?(?:(\"[^\"]*\"|[^%\\s]\\S*|%[a-z_0-9()]{2,}%\\S*)\\s+)?%%?([a-z])\\s+in\\s*\\(([^)]*)\\)\\s*do\\s+(.+)$");
    /** The deleting commands whose {@code /s} switch is what a {@code /r} loop around them does. */
    private static final Pattern TREE_DELETE = Pattern.compile("(?i)^((?:del|erase)(?:\\.exe)?)(?=\\s)");
    /** cmd.exe's {@code @} before a command only keeps it from being echoed. */
    private static final Pattern ECHO_OFF = Pattern.compile("^\\s*@");
    private static final Pattern POSIX = Pattern.compile("(?s).*(?:\\bthen\\b|;\\s*do\\b|\\bdone\\b).*");
    private static final int MAX_ITEMS = 8;
    private static final int MAX_LINES = 200;

    private CmdLines() {
    }

    /**
     * Cheap test first: a line opening with if/for (any case), then the anchored patterns. A text of several lines (a
     * batch file: {@code @echo off}, then the loop) is read line by line, at most {@link #MAX_LINES} of them.
     */
    public static List<String> commands(String text) {
        if (text.indexOf('\n') < 0) {
            return opensStatement(text, 0, text.length()) ? lineCommands(text) : List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int n = 0; start <= text.length() && n < MAX_LINES; n++) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            if (opensStatement(text, start, end)) {
                out.addAll(lineCommands(text.substring(start, end).strip()));
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * Whether the line from {@code start} to {@code end} opens with {@code if}/{@code for} (after blanks and an {@code @}),
     * a loop holding the {@code %} of its variable, or is an {@code @} line (cmd.exe's echo-off prefix, whose command is
     * judged without it: {@code @del /s /q C:\*.docx}): a POSIX script's lines are passed over without a copy or a regex.
     */
    private static boolean opensStatement(String text, int start, int end) {
        int i = start;
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '@')) {
            i++;
        }
        if (i > start && text.charAt(i - 1) == '@' && i < end) {
            return true; // @del ...: the command of an echo-suppressed line
        }
        if (text.regionMatches(true, i, "for ", 0, 4)) {
            int percent = text.indexOf('%', i);
            return percent >= 0 && percent < end;
        }
        return text.regionMatches(true, i, "if ", 0, 3) && end - i > 9;
    }

    private static List<String> lineCommands(String line) {
        String t = line.stripLeading();
        if (t.startsWith("@")) {
            t = t.substring(1).stripLeading();
            if (!(t.regionMatches(true, 0, "if ", 0, 3) || t.regionMatches(true, 0, "for ", 0, 4))) {
                return t.isEmpty() ? List.of() : List.of(t); // cmd.exe's @ only keeps the line from being echoed
            }
        }
        if (t.length() < 6 || !(t.regionMatches(true, 0, "if ", 0, 3) || t.regionMatches(true, 0, "for ", 0, 4))
            || POSIX.matcher(t).matches()) {
            return List.of();
        }
        Matcher m = IF_EXIST.matcher(t);
        if (m.matches()) {
            List<String> out = new ArrayList<>(commands(m.group(1)));
            out.add(m.group(1));
            return out;
        }
        m = FOR.matcher(t);
        String switches = m.matches() && m.group(1) != null ? m.group(1).toLowerCase(Locale.ROOT) : "";
        if (!m.matches() || switches.contains("l")) {
            return List.of();
        }
        boolean tree = switches.contains("r");
        String root = m.group(2) == null ? null : m.group(2).replace("\"", "");
        String variable = m.group(3);
        String body = ECHO_OFF.matcher(m.group(5)).replaceFirst("");
        body = tree ? TREE_DELETE.matcher(body).replaceFirst("$1 /s") : body;
        List<String> out = new ArrayList<>();
        for (String item : m.group(4).trim().split("[\\s,;]+")) {
            if (item.isEmpty() || out.size() >= MAX_ITEMS) {
                continue;
            }
            String value = root != null && tree
                ? root + (root.endsWith("\\") || root.endsWith("/") ? "" : "\\") + item : item;
            String command = body.replace("%%" + variable, value).replace("%" + variable, value);
            out.addAll(commands(command));
            out.add(command);
        }
        return out;
    }
}
