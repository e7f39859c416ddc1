package io.agentsafety.redaction;

import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A necessary condition for a regex to match, read off its syntax: every match contains at least one of
 * these literals (like RE2's prefilter). A region holding none of them cannot hold a match, so the RE2J run
 * there — tens of microseconds for the table's large regexes — is skipped with the same result. Keyword hits
 * that cannot lead to a match are common in ordinary logs ({@code 7z } in every {@code …107Z INFO} timestamp
 * for the case-sensitive {@code 7z} CLI row; values under {@code token_count=} against the placeholder list).
 *
 * <p>The analysis is conservative: anything it does not understand (an unknown escape, {@code \Q…\E}, a
 * non-ASCII letter under case folding) yields "no condition" for that part, and {@link #of} returns null
 * when no condition is left, so it can only make the engine skip a run that could not have matched.
 * Case-insensitive literals compare ASCII letters either way and let any non-ASCII text character match
 * (RE2J folds {@code k} with U+212A and {@code s} with U+017F).
 */
final class RequiredLiterals {

    /**
     * One literal; {@code foldCase} literals hold lower-case ASCII letters and compare case-insensitively.
     * {@code equals}/{@code hashCode} are written out: a record's generated ones bootstrap through
     * {@code ObjectMethods} on first use, which spun 55 of the ~180 lambda-form classes a policy-check start
     * generates at run time (the literal sets are built during the start; COLD-START.md, cold12).
     */
    record Literal(String text, boolean foldCase) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Literal other && foldCase == other.foldCase && text.equals(other.text);
        }

        @Override
        public int hashCode() {
            return 31 * text.hashCode() + (foldCase ? 1 : 0);
        }
    }

    private final Literal[] literals;
    /** Literals by their first character (folded literals under both cases); non-ASCII starts in {@link #wide}. */
    private final Literal[][] byFirst = new Literal[128][];
    private final Literal[] wide;
    private final Literal[] folded;
    private final int minLength;
    /** No folded literal and few of them: {@link #anyOccurs} answers for a String region of {@link #MIN_SEARCHED}+ characters. */
    private final boolean bySearch;
    /** At most this many literals are searched one by one; more share the loop's single pass. */
    static final int MAX_SEARCHED_LITERALS = 8;
    /** Shorter regions stay on the loop (a copy and a call per literal would cost more than reading them). */
    static final int MIN_SEARCHED = 64;

    private RequiredLiterals(Set<Literal> set) {
        this.literals = set.toArray(new Literal[0]);
        List<List<Literal>> first = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            first.add(new ArrayList<>());
        }
        List<Literal> w = new ArrayList<>();
        List<Literal> f = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        for (Literal l : literals) {
            min = Math.min(min, l.text().length());
            char c = l.text().charAt(0);
            if (l.foldCase()) {
                f.add(l);
            }
            if (c >= 128) {
                w.add(l);
                continue;
            }
            first.get(c).add(l);
            if (l.foldCase() && c >= 'a' && c <= 'z') {
                first.get(c - 32).add(l);
            }
        }
        for (int c = 0; c < 128; c++) {
            byFirst[c] = first.get(c).isEmpty() ? null : first.get(c).toArray(new Literal[0]);
        }
        this.wide = w.toArray(new Literal[0]);
        this.folded = f.toArray(new Literal[0]);
        this.minLength = min;
        this.bySearch = folded.length == 0 && literals.length <= MAX_SEARCHED_LITERALS;
    }

    /**
     * Bounds that keep {@link #mayMatch} cheap whatever the regex (request patterns included): at most this many
     * literals, each cut to its first {@link #MAX_LITERAL} characters (a prefix of a required literal is required too).
     */
    static final int MAX_LITERALS = 128;
    static final int MAX_LITERAL = 16;

    /** The condition of {@code p}, or null when none can be derived (the regex must then always run). */
    static RequiredLiterals of(Pattern p) {
        if (p == null) {
            return null;
        }
        try {
            Set<Literal> set = new Parser(p.pattern(), (p.flags() & Pattern.CASE_INSENSITIVE) != 0).parse();
            if (set == null || set.isEmpty()) {
                return null;
            }
            Set<Literal> cut = new LinkedHashSet<>();
            for (Literal l : set) {
                String t = l.text();
                cut.add(t.length() <= MAX_LITERAL ? l : new Literal(t.substring(0, MAX_LITERAL), l.foldCase()));
            }
            return cut.size() > MAX_LITERALS ? null : new RequiredLiterals(cut);
        } catch (RuntimeException e) {
            // syntax this analysis does not model: no condition (the regex always runs)
            return null;
        }
    }

    List<Literal> literals() {
        return List.of(literals);
    }

    /** Whether text[from, to) holds one of the literals (so a match there is possible). */
    boolean mayMatch(CharSequence text, int from, int to) {
        if (bySearch && text instanceof String s && to - from >= MIN_SEARCHED) {
            return anyOccurs(s.substring(from, to));
        }
        int last = to - minLength;
        for (int i = from; i <= last; i++) {
            char c = text.charAt(i);
            Literal[] candidates;
            if (c < 128) {
                candidates = byFirst[c];
                if (candidates == null) {
                    continue;
                }
            } else {
                if (folded.length > 0 || wide.length > 0) {
                    for (Literal l : folded) {
                        if (at(text, i, to, l)) {
                            return true;
                        }
                    }
                    for (Literal l : wide) {
                        if (at(text, i, to, l)) {
                            return true;
                        }
                    }
                }
                continue;
            }
            for (Literal l : candidates) {
                if (at(text, i, to, l)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Exact-case literals in a region of a String: one copy of the region and the JDK's vectorised
     * {@link String#indexOf(String)} per literal (~0.2 ns a character), where the loop above reads each character
     * through {@code CharSequence.charAt} (~2.5 ns). A window row's 3-line windows opened by case-insensitive keywords
     * in hex ids (twilio's {@code ac0}…{@code acf}, 7.4 M characters per 10 MiB of logs) are rejected this way.
     */
    private boolean anyOccurs(String region) {
        for (Literal l : literals) {
            if (region.indexOf(l.text()) >= 0) {
                return true;
            }
        }
        return false;
    }

    static boolean at(CharSequence text, int i, int to, Literal l) {
        String s = l.text();
        int n = s.length();
        if (i + n > to) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            char t = text.charAt(i + k);
            char c = s.charAt(k);
            if (t == c) {
                continue;
            }
            if (!l.foldCase()) {
                return false;
            }
            if (t >= 128) {
                continue; // a fold partner of an ASCII letter may be non-ASCII (U+212A, U+017F)
            }
            if (!(c >= 'a' && c <= 'z' && t == c - 32)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Recursive descent over RE2J syntax. Each alternative of a group yields the literal set its matches must
     * contain one of (null: nothing is required); a sequence keeps its most selective required piece.
     */
    private static final class Parser {

        private final String re;
        private int pos;

        private final boolean topFold;

        Parser(String re, boolean foldCase) {
            this.re = re;
            this.topFold = foldCase;
        }

        Set<Literal> parse() {
            Set<Literal> set = alternation(new boolean[] {topFold});
            if (pos != re.length()) {
                throw new IllegalArgumentException("unbalanced");
            }
            return set;
        }

        /** Alternatives up to ')' or the end; {@code fold} is the group's case flag (an inline (?i) changes it). */
        private Set<Literal> alternation(boolean[] fold) {
            List<Set<Literal>> branches = new ArrayList<>();
            boolean any = false;
            boolean startFold = fold[0];
            while (true) {
                // flags set inside one branch last to the end of the group, as in RE2
                Set<Literal> b = sequence(fold);
                branches.add(b);
                any |= b == null;
                if (pos < re.length() && re.charAt(pos) == '|') {
                    pos++;
                    continue;
                }
                break;
            }
            fold[0] = startFold;
            if (any) {
                return null;
            }
            Set<Literal> union = new LinkedHashSet<>();
            for (Set<Literal> b : branches) {
                union.addAll(b);
            }
            return union;
        }

        /** One branch: atoms with quantifiers up to '|' or ')' or the end. */
        private Set<Literal> sequence(boolean[] fold) {
            Set<Literal> best = null;
            StringBuilder run = new StringBuilder();
            boolean runFold = false;
            while (pos < re.length()) {
                char c = re.charAt(pos);
                if (c == '|' || c == ')') {
                    break;
                }
                // one atom: a literal character (lit >= 0), a sub-expression (sub), or another single item
                int lit = -1;
                Set<Literal> sub = null;
                boolean subAtom = false;
                boolean zeroWidth = false;
                if (c == '(') {
                    pos++;
                    boolean[] inner = {fold[0]};
                    if (pos < re.length() && re.charAt(pos) == '?') {
                        pos++;
                        if (re.startsWith("P<", pos) || re.charAt(pos) == '<') {
                            int close = re.indexOf('>', pos);
                            if (close < 0) {
                                throw new IllegalArgumentException("group name");
                            }
                            pos = close + 1;
                        } else {
                            // flags: (?i) (?-i) (?i:...) (?s) ...
                            boolean negate = false;
                            Boolean newFold = null;
                            while (pos < re.length() && re.charAt(pos) != ')' && re.charAt(pos) != ':') {
                                char f = re.charAt(pos++);
                                if (f == '-') {
                                    negate = true;
                                } else if (f == 'i') {
                                    newFold = !negate;
                                } else if ("msU".indexOf(f) < 0) {
                                    throw new IllegalArgumentException("flag");
                                }
                            }
                            if (pos >= re.length()) {
                                throw new IllegalArgumentException("flags");
                            }
                            if (re.charAt(pos) == ')') {
                                // (?i) alone: the rest of the enclosing group
                                pos++;
                                if (newFold != null) {
                                    fold[0] = newFold;
                                }
                                best = better(best, flush(run, runFold));
                                run.setLength(0);
                                continue;
                            }
                            pos++; // ':'
                            if (newFold != null) {
                                inner[0] = newFold;
                            }
                        }
                    }
                    sub = alternation(inner);
                    if (pos >= re.length() || re.charAt(pos) != ')') {
                        throw new IllegalArgumentException("group");
                    }
                    pos++;
                    subAtom = true;
                } else if (c == '[') {
                    skipClass();
                } else if (c == '\\') {
                    lit = escape();
                    if (lit == -2) {
                        zeroWidth = true;
                        lit = -1;
                    }
                } else if (c == '.') {
                    pos++;
                } else if (c == '^' || c == '$') {
                    pos++;
                    zeroWidth = true;
                } else if (c == '*' || c == '+' || c == '?' || c == '{' && repeat(pos) != null) {
                    throw new IllegalArgumentException("dangling quantifier");
                } else {
                    if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("surrogate");
                    }
                    lit = c;
                    pos++;
                }
                if (lit >= 128 && fold[0] && !caseless((char) lit)) {
                    lit = -1; // Unicode case folding (letters, circled letters...) is not modelled: a wildcard
                }
                int[] q = quantifier();
                int min = q == null ? 1 : q[0];
                int max = q == null ? 1 : q[1];
                if (lit >= 0) {
                    // under (?i) only ASCII letters reach here with a case partner
                    boolean litFold = fold[0] && (lit >= 'a' && lit <= 'z' || lit >= 'A' && lit <= 'Z');
                    char ch = litFold ? Character.toLowerCase((char) lit) : (char) lit;
                    if (min == 0) {
                        best = better(best, flush(run, runFold));
                        run.setLength(0);
                        runFold = false;
                        continue;
                    }
                    if (run.length() == 0) {
                        runFold = false;
                    }
                    for (int k = 0; k < Math.min(min, 64); k++) {
                        run.append(ch);
                    }
                    runFold |= litFold;
                    if (max != min || min > 64) {
                        best = better(best, flush(run, runFold));
                        run.setLength(0);
                        runFold = false;
                    }
                    continue;
                }
                if (zeroWidth && q == null) {
                    // ^ $ \b \A: they consume nothing, but breaking the run is always safe
                    best = better(best, flush(run, runFold));
                    run.setLength(0);
                    runFold = false;
                    continue;
                }
                best = better(best, flush(run, runFold));
                run.setLength(0);
                runFold = false;
                if (subAtom && min >= 1) {
                    best = better(best, sub);
                }
            }
            return better(best, flush(run, runFold));
        }

        /** Non-ASCII punctuation without case mappings (•, …): (?i) leaves it as it is. */
        private static boolean caseless(char c) {
            int t = Character.getType(c);
            boolean punctuation = t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
            return punctuation && Character.toUpperCase(c) == c && Character.toLowerCase(c) == c && Character.toTitleCase(c) == c;
        }

        private static Set<Literal> flush(StringBuilder run, boolean fold) {
            if (run.length() == 0) {
                return null;
            }
            Set<Literal> s = new LinkedHashSet<>();
            s.add(new Literal(run.toString(), fold));
            return s;
        }

        /** The more selective requirement: longer shortest literal, then fewer literals. */
        private static Set<Literal> better(Set<Literal> a, Set<Literal> b) {
            if (a == null || a.isEmpty()) {
                return b == null || b.isEmpty() ? null : b;
            }
            if (b == null || b.isEmpty()) {
                return a;
            }
            int ma = shortest(a);
            int mb = shortest(b);
            if (ma != mb) {
                return ma > mb ? a : b;
            }
            return b.size() < a.size() ? b : a;
        }

        private static int shortest(Set<Literal> s) {
            int m = Integer.MAX_VALUE;
            for (Literal l : s) {
                m = Math.min(m, l.text().length());
            }
            return m;
        }

        /** A quantifier after an atom ({min, max}, max -1 for none), or null; a lazy '?' after it is consumed. */
        private int[] quantifier() {
            if (pos >= re.length()) {
                return null;
            }
            char c = re.charAt(pos);
            int[] q;
            if (c == '*') {
                q = new int[] {0, -1};
                pos++;
            } else if (c == '+') {
                q = new int[] {1, -1};
                pos++;
            } else if (c == '?') {
                q = new int[] {0, 1};
                pos++;
            } else if (c == '{') {
                int[] r = repeat(pos);
                if (r == null) {
                    return null;
                }
                q = new int[] {r[0], r[1]};
                pos = r[2];
            } else {
                return null;
            }
            if (pos < re.length() && re.charAt(pos) == '?') {
                pos++;
            }
            if (pos < re.length() && "*+?".indexOf(re.charAt(pos)) >= 0) {
                throw new IllegalArgumentException("double quantifier");
            }
            return q;
        }

        /** {n}, {n,}, {n,m} at {@code at}: {min, max or -1, position after}; null when it is not a repetition. */
        private int[] repeat(int at) {
            int i = at + 1;
            int n = 0;
            int digits = 0;
            while (i < re.length() && Character.isDigit(re.charAt(i))) {
                n = Math.min(100000, n * 10 + (re.charAt(i) - '0'));
                i++;
                digits++;
            }
            if (digits == 0 || i >= re.length()) {
                return null;
            }
            int m = n;
            if (re.charAt(i) == ',') {
                i++;
                int d2 = 0;
                int v = 0;
                while (i < re.length() && Character.isDigit(re.charAt(i))) {
                    v = Math.min(100000, v * 10 + (re.charAt(i) - '0'));
                    i++;
                    d2++;
                }
                m = d2 == 0 ? -1 : v;
            }
            if (i >= re.length() || re.charAt(i) != '}') {
                return null;
            }
            return new int[] {n, m, i + 1};
        }

        /** Skips a character class, [^]...] and [[:alpha:]] included. */
        private void skipClass() {
            pos++;
            if (pos < re.length() && re.charAt(pos) == '^') {
                pos++;
            }
            boolean first = true;
            while (pos < re.length()) {
                char c = re.charAt(pos);
                if (c == ']' && !first) {
                    pos++;
                    return;
                }
                first = false;
                if (c == '\\') {
                    pos++;
                    skipEscapeBody();
                } else if (c == '[' && re.startsWith("[:", pos)) {
                    int close = re.indexOf(":]", pos + 2);
                    if (close < 0) {
                        throw new IllegalArgumentException("class");
                    }
                    pos = close + 2;
                } else {
                    pos++;
                }
            }
            throw new IllegalArgumentException("class");
        }

        /** After a backslash inside a class: skips the escape's body. */
        private void skipEscapeBody() {
            if (pos >= re.length()) {
                throw new IllegalArgumentException("escape");
            }
            char c = re.charAt(pos);
            if ((c == 'p' || c == 'P' || c == 'x') && pos + 1 < re.length() && re.charAt(pos + 1) == '{') {
                int close = re.indexOf('}', pos);
                if (close < 0) {
                    throw new IllegalArgumentException("escape");
                }
                pos = close + 1;
            } else if (c == 'x') {
                pos += 3;
            } else if (c == 'p' || c == 'P') {
                pos += 2;
            } else if (c >= '0' && c <= '7') {
                pos++;
                for (int k = 0; k < 2 && pos < re.length() && re.charAt(pos) >= '0' && re.charAt(pos) <= '7'; k++) {
                    pos++;
                }
            } else if (c == 'Q') {
                throw new IllegalArgumentException("\\Q");
            } else {
                pos++;
            }
        }

        /** An escape outside a class: the literal character, -1 for a character set, -2 for a zero-width assertion. */
        private int escape() {
            pos++;
            if (pos >= re.length()) {
                throw new IllegalArgumentException("escape");
            }
            char c = re.charAt(pos);
            if (c == 'b' || c == 'B' || c == 'A' || c == 'z') {
                pos++;
                return -2;
            }
            if (c < 128 && !Character.isLetterOrDigit(c)) {
                pos++;
                return c; // \. \\ \- \$ ... stand for themselves
            }
            skipEscapeBody();
            return -1;
        }
    }
}
