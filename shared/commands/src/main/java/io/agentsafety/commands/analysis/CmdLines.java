package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two cmd.exe statements that hold a command of their own, which a POSIX reading does not see: {@code if [not]
 * exist PATH COMMAND} (a POSIX {@code if} waits for {@code then}, so {@code if exist C:\Windows rd /s /q C:\Windows}
 * ran nothing) and {@code for [/d|/r [ROOT]] %x in (SET) do COMMAND}, whose command runs once per item with
 * {@code %x}/{@code %%x} replaced ({@code for /d %d in (C:\Users\*) do rd /s /q "%d"} removes every profile). The
 * commands found are judged a second time as ordinary lines. Only a line that opens with {@code if} or {@code for}
 * and holds no POSIX {@code then}/{@code do ...;} structure is read so; the patterns are anchored (one attempt per line).
 */
public final class CmdLines {

    private static final Pattern IF_EXIST = Pattern.compile(
        "(?is)^\\s*@?if\\s+(?:/i\\s+)?(?:not\\s+)?exist\\s+(?:\"[^\"]*\"|\\S+)\\s+(.+)$");
    private static final Pattern FOR = Pattern.compile(
        "(?is)^\\s*@?for\\s+(?:/([dlr])\\s+)?(?:(\"[^\"]*\"|[^%\\s]\\S*)\\s+)?%%?([a-z])\\s+in\\s*\\(([^)]*)\\)\\s*do\\s+(.+)$");
    private static final Pattern POSIX = Pattern.compile("(?s).*(?:\\bthen\\b|;\\s*do\\b|\\bdone\\b).*");
    private static final int MAX_ITEMS = 8;

    private CmdLines() {
    }

    /** Cheap test first: a line opening with if/for (any case), then the anchored patterns. */
    public static List<String> commands(String line) {
        String t = line.stripLeading();
        if (t.startsWith("@")) {
            t = t.substring(1);
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
        if (!m.matches() || "l".equalsIgnoreCase(m.group(1))) {
            return List.of();
        }
        String root = m.group(2) == null ? null : m.group(2).replace("\"", "");
        String variable = m.group(3);
        String body = m.group(5);
        List<String> out = new ArrayList<>();
        for (String item : m.group(4).trim().split("[\\s,;]+")) {
            if (item.isEmpty() || out.size() >= MAX_ITEMS) {
                continue;
            }
            String value = root != null && "r".equalsIgnoreCase(m.group(1))
                ? root + (root.endsWith("\\") || root.endsWith("/") ? "" : "\\") + item : item;
            String command = body.replace("%%" + variable, value).replace("%" + variable, value);
            out.addAll(commands(command));
            out.add(command);
        }
        return out;
    }
}
