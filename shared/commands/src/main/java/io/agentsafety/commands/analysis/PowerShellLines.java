package io.agentsafety.commands.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A command line written in PowerShell rather than a POSIX shell ({@code Get-ChildItem C:\ -Recurse | Remove-Item
 * -Recurse}, {@code gci -r | ri -fo -r}): agents send both through {@code execute_code}. Read as a POSIX line, its
 * pipelines and backslashes mean something else, so such a line is judged a second time as the code of
 * {@code pwsh -c}, which the PowerShell rules read in PowerShell's own terms. The cue is a cmdlet name (an approved
 * verb, a dash, a noun), one of the aliases that delete or run code, or PowerShell's {@code -Recurse}, as a word. A
 * line asking for {@code -WhatIf} only reports, as the POSIX reading of its command already judges.
 */
public final class PowerShellLines {

    /** Approved verbs (lower case) that open a cmdlet name: {@code Remove-Item}, {@code Get-ChildItem}. */
    private static final Set<String> VERBS = Set.of("get", "set", "remove", "stop", "clear", "start", "invoke", "restart",
        "format", "initialize", "new", "copy", "move", "rename", "disable", "enable", "uninstall", "reset", "foreach", "where",
        "write", "out", "test", "add", "select", "sort", "measure", "import", "export", "convertto", "convertfrom");
    /** Aliases that delete or run code, and PowerShell's recursion switch, as whole words. */
    private static final Set<String> WORDS = Set.of("gci", "ri", "iex", "spps", "-recurse");
    /** A dry run the whole line asks for: the POSIX reading sees it on its command, the code string would hide it. */
    private static final Pattern WHAT_IF = Pattern.compile("(?i)(?:^|\\s)-whatif(?=\\s|$|[;|)}:'\"])");

    private PowerShellLines() {
    }

    public static boolean looksLikePowerShell(String line) {
        return hasCue(line) && !WHAT_IF.matcher(line).find();
    }

    /**
     * One pass over the words (runs between blanks and {@code ;|(){}&}; a word counts when it ends at a blank, the end
     * or {@code ;|)}}): a regex alternation of the verbs tried at every position cost ~35 µs on a 900-byte script.
     */
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
            if (ended && mayBeCue(s, start, i) && cue(s, start, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Without copying the word: an alias is 2-4 characters without a dash, "-recurse" is 8 with one in front, and a
     * cmdlet's verb (2-11 letters) comes before its dash. Most words of a shell line (flags, paths, names) fail here.
     */
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

    /** {@link #separator} for ASCII, read from a table: it runs twice for every character of every line. */
    private static final boolean[] ASCII_SEPARATOR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_SEPARATOR[c] = Character.isWhitespace(c) || ";|(){}&".indexOf(c) >= 0;
        }
    }

    private static boolean separator(char c) {
        return c < 128 ? ASCII_SEPARATOR[c] : Character.isWhitespace(c);
    }

    /**
     * A cmdlet name (an approved verb, a dash, two or more letters) or one of {@link #WORDS}, read in place in
     * {@code s[start, end)} ignoring case: the words of every line reach here, and a copy of each cost more than the test.
     */
    private static boolean cue(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            if (s.charAt(k) >= 128) {
                // outside ASCII, ignoring case char by char is not lower-casing the word (dotless i, long s, dotted I)
                return cue(s.substring(start, end).toLowerCase(Locale.ROOT));
            }
        }
        for (String word : WORD_LIST) {
            if (word.length() == end - start && s.regionMatches(true, start, word, 0, word.length())) {
                return true;
            }
        }
        int dash = start; // searched within the word only: an indexOf would run to the end of the line for every word
        while (dash < end && s.charAt(dash) != '-') {
            dash++;
        }
        if (dash == start || dash == end || end - dash - 1 < 2 || !isVerb(s, start, dash)) {
            return false;
        }
        for (int k = dash + 1; k < end; k++) {
            char c = (char) (s.charAt(k) | 0x20); // ASCII only here: A-Z to a-z, and no other character lands in a-z
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    /** The lower-cased word, as read before the in-place test: kept for words outside ASCII. */
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

    private static final List<String> WORD_LIST = List.copyOf(WORDS);
    private static final List<String> VERB_LIST = List.copyOf(VERBS);

    private static boolean isVerb(String s, int start, int end) {
        for (String verb : VERB_LIST) {
            if (verb.length() == end - start && s.regionMatches(true, start, verb, 0, verb.length())) {
                return true;
            }
        }
        return false;
    }

    /** PowerShell's assignment operators, each a word of its own in {@code $x = 5}, {@code $env:PATH += ';C:\\t'}. */
    private static final Set<String> ASSIGNMENTS = Set.of("=", "+=", "-=", "*=", "/=", "??=");
    /** A variable PowerShell reads, scope-qualified or not: the unknown value, then nothing or {@code :Name}. */
    private static final Pattern ASSIGNED = Pattern.compile("\u0000(?::[A-Za-z_][A-Za-z0-9_]*)?");
    /** What no PowerShell assignment needs and an unknown program would take: POSIX flags, absolute or home paths. */
    private static final Pattern POSIX_OPERAND = Pattern.compile("--?[a-z].*|[/~].*");

    /**
     * {@code $name = VALUE} or {@code $env:NAME += VALUE} with the variable unset in the line: a PowerShell assignment,
     * which no POSIX shell would write (there it runs the program named by the variable's value with {@code =} as its
     * first argument). Read as an assignment (the substitutions in its words were already analysed), not as an
     * unresolved program, unless a later word is a POSIX flag or an absolute/home path (what {@code $X = -rf /} would
     * hand an unknown program).
     */
    public static boolean isAssignment(Arg name, List<Arg> rest) {
        if (name.dynamic() || rest.isEmpty() || !ASSIGNMENTS.contains(rest.get(0).text())
            || !ASSIGNED.matcher(name.text()).matches()) {
            return false;
        }
        for (int i = 1; i < rest.size(); i++) {
            if (POSIX_OPERAND.matcher(rest.get(i).text()).matches()) {
                return false;
            }
        }
        return true;
    }

    /** {@code pwsh -c 'LINE'}: the line handed whole, single-quoted for the POSIX reading, to PowerShell. */
    public static String asPwshCommand(String line) {
        return "pwsh -c '" + line.replace("'", "'\\''") + "'";
    }
}
