package io.agentsafety.commands.analysis;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PowerShellLines#looksLikePowerShell} reads each word in place ignoring case; it answers exactly as the former
 * reading (a lower-cased copy of every candidate word, looked up in sets), kept here as the reference, on random lines
 * of cmdlets, aliases, flags and the characters whose case mapping differs char by char (dotless i, long s, dotted I,
 * Kelvin sign) or that are blanks outside ASCII.
 */
class PowerShellCueScanTest {

    private static final String[] PARTS = {"Remove-Item", "remove-ITEM", "gci", "GCI", "ri", "Ri", "iex", "spps", "-Recurse",
        "-RECURSE", "-recursE", "get-", "Get-X", "get-xy", "get-x1", "set-\u0130tem", "remove-\u0131tem", "gc\u0131",
        "\u017Fpps", "-recur\u017Fe", "\u212Aill", "get-\u212Aey", "foreach-object", "Where-Object", "sort-Object", "rm", "-rf",
        "/", "ls", "a-b", "Format-Volume", "ConvertTo-Json", "x", "release-notes.md", "ab-", "-", "--", "-WhatIf", "-whatif",
        "ri-", "abcdefghijkl-xx", "get-\u00e9", "GET-\u00c4B", "\u0261ci", "Get-Item[", "get-it`em"};
    private static final String[] SEPARATORS = {" ", ";", "|", "(", ")", "{", "}", "&", "\t", "\n", "", "\u00a0", "\u2003", ":", ","};

    @Test
    void agreesWithTheFormerReading() {
        Random random = new Random(30);
        int cues = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder line = new StringBuilder();
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                line.append(PARTS[random.nextInt(PARTS.length)]).append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            if (random.nextInt(4) == 0) {
                char c = (char) (random.nextInt(4) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(96));
                line.insert(random.nextInt(line.length() + 1), c);
            }
            String text = line.toString();
            boolean expected = Former.looksLikePowerShell(text);
            cues += expected ? 1 : 0;
            assertEquals(expected, PowerShellLines.looksLikePowerShell(text), () -> "line: " + text);
        }
        int both = cues;
        assertTrue(both > 20_000 && both < 180_000, () -> "the random lines cover both answers: " + both);
        assertTrue(PowerShellLines.looksLikePowerShell("Get-ChildItem C:\\ -Recurse | Remove-Item -Recurse"));
        assertTrue(PowerShellLines.looksLikePowerShell("gci -r | RI -fo -r"));
        assertFalse(PowerShellLines.looksLikePowerShell("set -euo pipefail; cat <<'EOF' > release-notes.md"));
        assertFalse(PowerShellLines.looksLikePowerShell("remove-\u0131tem x"));
    }

    /** The reading before the in-place test (as at 950ccf9): a lower-cased copy of each candidate word. */
    private static final class Former {
        private static final Set<String> VERBS = Set.of("get", "set", "remove", "stop", "clear", "start", "invoke", "restart",
            "format", "initialize", "new", "copy", "move", "rename", "disable", "enable", "uninstall", "reset", "foreach", "where",
            "write", "out", "test", "add", "select", "sort", "measure", "import", "export", "convertto", "convertfrom");
        private static final Set<String> WORDS = Set.of("gci", "ri", "iex", "spps", "-recurse");
        private static final Pattern WHAT_IF = Pattern.compile("(?i)(?:^|\\s)-whatif(?=\\s|$|[;|)}:])");

        static boolean looksLikePowerShell(String s) {
            return hasCue(s) && !WHAT_IF.matcher(s).find();
        }

        private static boolean hasCue(String s) {
            int n = s.length();
            int i = 0;
            while (i < n) {
                if (separator(s.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && !separator(s.charAt(i))) {
                    i++;
                }
                boolean ended = i == n || Character.isWhitespace(s.charAt(i)) || ";|)}".indexOf(s.charAt(i)) >= 0;
                if (ended && mayBeCue(s, start, i) && cue(s.substring(start, i).toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean mayBeCue(String s, int start, int end) {
            int dash = start;
            while (dash < end && s.charAt(dash) != '-') {
                dash++;
            }
            if (dash == end) {
                return end - start >= 2 && end - start <= 4;
            }
            return dash == start ? end - start == 8 : dash - start >= 2 && dash - start <= 11;
        }

        private static boolean separator(char c) {
            return Character.isWhitespace(c) || ";|(){}&".indexOf(c) >= 0;
        }

        private static boolean cue(String word) {
            if (WORDS.contains(word)) {
                return true;
            }
            int dash = word.indexOf('-');
            if (dash <= 0 || word.length() - dash - 1 < 2 || !VERBS.contains(word.substring(0, dash))) {
                return false;
            }
            for (int k = dash + 1; k < word.length(); k++) {
                if (word.charAt(k) < 'a' || word.charAt(k) > 'z') {
                    return false;
                }
            }
            return true;
        }
    }
}
