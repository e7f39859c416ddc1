package io.agentsafety.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-row SQL inserts, {@code INSERT INTO t (id, name, client_secret) VALUES (1,'web','…'),(2,'cli','…');} (mysqldump's
 * extended inserts, seed files, ORM logs): the column list labels the value in the same position of every tuple, but
 * the row {@code sql-insert-secret-column} reads only the first tuple (a regex cannot count positions across tuples).
 * Each string literal under a column whose name names a credential ({@link ValueChecks#sensitiveKey}) becomes a line
 * {@code column = value} of the view, its characters mapped to where they are, so the detectors judge it like any
 * labelled value (hashes, placeholders and short words stay) and only the literal is redacted.
 *
 * <p>Candidates: a {@code VALUES} keyword (any case; {@link String#indexOf} of {@code 'V'} and {@code 'v'}) with an
 * {@code INSERT INTO} at most {@link #MAX_BACK} characters before it. Tuples
 * are read up to {@link TableColumns#REACH} characters after the statement's start, as table rows are, so a stream finds
 * in them what one call over the whole text finds.
 */
final class SqlInsertRows {

    private static final int MAX_COLUMNS = 64;
    private static final int MAX_NAME = 64;
    /** How far before {@code VALUES} its {@code INSERT INTO} may be (a table name and a column list). */
    private static final int MAX_BACK = 1024;

    /** The label a literal of a column-less row of a credentials table gets in the view: only a random value passes. */
    private static final String UNLABELLED = "secret = ";

    private SqlInsertRows() {
    }

    /**
     * Statements (start, end of what may be read), in order, not overlapping; {@code lowerV} holds every position of
     * {@code 'v'} in {@code text}, ascending ({@link Decoders#positions}, one pass shared with {@link TableColumns}).
     */
    static void regions(String text, CharPresence present, Decoders.IntList lowerV, Decoders.IntList out) {
        int n = text.length();
        Decoders.IntList starts = new Decoders.IntList();
        // from the VALUES keyword (a single-character search: a search for "INSERT INTO" itself cost 7 ms per 10 MiB of
        // the mixed log, 'V'/'v' about 1 ms each), back to its statement's INSERT INTO
        for (int i = present.indexOf(text, 'V'); i >= 0; i = text.indexOf('V', i + 1)) {
            valuesAt(text, i, n, starts);
        }
        for (int k = 0; k < lowerV.size; k++) {
            valuesAt(text, lowerV.get(k), n, starts);
        }
        java.util.Arrays.sort(starts.values, 0, starts.size);
        int lastEnd = -1;
        for (int k = 0; k < starts.size; k++) {
            int s = starts.get(k);
            if (s < lastEnd) {
                continue;
            }
            int e = Math.min(n, s + TableColumns.REACH);
            out.add(s);
            out.add(e);
            lastEnd = e;
        }
    }

    /** The start of the statement whose VALUES keyword is at {@code i}, added to {@code starts}; nothing when none is. */
    private static void valuesAt(String text, int i, int n, Decoders.IntList starts) {
        // the character before first: one read refuses most of the 66 K 'v's per 10 MiB of the mixed log (words),
        // before the case-insensitive comparison (~2 % of the decoders' time when it came first)
        if (i > 0 && i + 6 <= n && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == ')'
            || text.charAt(i - 1) == '\n' || text.charAt(i - 1) == '\t') && text.regionMatches(true, i, "values", 0, 6)) {
            int start = statementStart(text, i);
            if (start >= 0) {
                starts.add(start);
            }
        }
    }

    /** The view of the credential columns' literals of the statement at {@code s}; null when it has none. */
    static DecodedView decode(CharSequence chars, int s, int e) {
        String text = chars.toString();
        int p = blanks(text, s + "insert into".length(), e);
        int tableStart = p;
        while (p < e && (Character.isLetterOrDigit(text.charAt(p)) || "_.`\"[]".indexOf(text.charAt(p)) >= 0)) {
            p++;
        }
        String table = text.substring(tableStart, p);
        p = blanks(text, p, e);
        if (p < e && text.regionMatches(true, p, "values", 0, 6) && ValueChecks.credentialTable(table)) {
            // no column list (mysqldump --skip-complete-insert, seed files): in a table of credentials every literal is
            // judged as a labelled secret, so random values go and names, e-mails, dates and crypt hashes stay
            return tuples(text, p + 6, e, null);
        }
        if (p >= e || text.charAt(p) != '(') {
            return null;
        }
        int close = text.indexOf(')', p);
        if (close < 0 || close >= e) {
            return null;
        }
        List<int[]> columns = new ArrayList<>();
        boolean any = false;
        for (int from = p + 1, k = p + 1; k <= close; k++) {
            if (k == close || text.charAt(k) == ',') {
                int[] c = trimName(text, from, k);
                if (c[1] <= c[0] || c[1] - c[0] > MAX_NAME || columns.size() >= MAX_COLUMNS) {
                    return null;
                }
                columns.add(c);
                any |= ValueChecks.sensitiveKey(text.substring(c[0], c[1]));
                from = k + 1;
            }
        }
        p = blanks(text, close + 1, e);
        if (!any || !text.regionMatches(true, p, "values", 0, 6)) {
            return null;
        }
        return tuples(text, p + 6, e, columns);
    }

    /**
     * The view of the tuples from {@code p} on: each literal under a credential column as {@code column = value}, or,
     * with {@code columns} null (no column list, a table of credentials), each literal as {@code secret = value}.
     */
    private static DecodedView tuples(String text, int p, int e, List<int[]> columns) {
        MappedText view = new MappedText(256);
        // tuples: ( value, value, … ) separated by commas
        while (true) {
            p = blanks(text, p, e);
            if (p >= e || text.charAt(p) != '(') {
                break;
            }
            p++;
            int column = 0;
            while (p < e) {
                p = blanks(text, p, e);
                int valueStart = p;
                int literalEnd = -1;
                if (p < e && text.charAt(p) == '\'') {
                    literalEnd = literalEnd(text, p, e);
                    if (literalEnd < 0) {
                        return result(view);
                    }
                    p = literalEnd + 1;
                } else {
                    // a number, NULL, a placeholder or a call: up to the next comma or closing parenthesis at depth 0
                    int depth = 0;
                    while (p < e && (depth > 0 || (text.charAt(p) != ',' && text.charAt(p) != ')'))) {
                        char c = text.charAt(p);
                        if (c == '\n' || c == '\'') {
                            return result(view);
                        }
                        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                        p++;
                    }
                }
                if (literalEnd > valueStart + 1 && columns == null) {
                    for (char l : UNLABELLED.toCharArray()) {
                        view.append(l, valueStart, valueStart);
                    }
                    for (int k = valueStart + 1; k < literalEnd; k++) {
                        view.append(text.charAt(k), k, k + 1);
                    }
                    view.append('\n', literalEnd, literalEnd);
                } else if (literalEnd > valueStart + 1 && column < columns.size()) {
                    int[] c = columns.get(column);
                    if (ValueChecks.sensitiveKey(text.substring(c[0], c[1]))) {
                        for (int k = c[0]; k < c[1]; k++) {
                            view.append(text.charAt(k), k, k + 1);
                        }
                        for (char sep : " = ".toCharArray()) {
                            view.append(sep, valueStart, valueStart);
                        }
                        for (int k = valueStart + 1; k < literalEnd; k++) {
                            view.append(text.charAt(k), k, k + 1);
                        }
                        view.append('\n', literalEnd, literalEnd);
                    }
                }
                column++;
                p = blanks(text, p, e);
                if (p < e && text.charAt(p) == ',') {
                    p++;
                } else {
                    break;
                }
            }
            if (p >= e || text.charAt(p) != ')') {
                break;
            }
            p = blanks(text, p + 1, e);
            if (p >= e || text.charAt(p) != ',') {
                break;
            }
            p++;
        }
        return result(view);
    }

    /** The {@code INSERT INTO} (any case) at most {@link #MAX_BACK} characters before {@code values}, else -1. */
    private static int statementStart(String text, int values) {
        for (int k = values - 11; k >= 0 && k >= values - MAX_BACK; k--) {
            char c = text.charAt(k);
            if ((c == 'I' || c == 'i') && text.regionMatches(true, k, "insert into", 0, 11)) {
                return k;
            }
        }
        return -1;
    }

    private static DecodedView result(MappedText view) {
        return view.length() == 0 ? null : view.view("sql-rows");
    }

    /** The closing quote of the SQL string literal opened at {@code open} ({@code ''} and {@code \'} inside), else -1. */
    private static int literalEnd(String text, int open, int e) {
        for (int k = open + 1; k < e; k++) {
            char c = text.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '\'') {
                if (k + 1 < e && text.charAt(k + 1) == '\'') {
                    k++;
                } else {
                    return k;
                }
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** A column name between {@code s} and {@code e}, blanks and quoting ({@code `x`}, {@code "x"}, {@code [x]}) trimmed. */
    private static int[] trimName(String text, int s, int e) {
        s = blanks(text, s, e);
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        if (e - s >= 2 && "`\"[".indexOf(text.charAt(s)) >= 0 && "`\"]".indexOf(text.charAt(e - 1)) >= 0) {
            s++;
            e--;
        }
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return new int[] {s, s};
            }
        }
        return new int[] {s, e};
    }

    private static int blanks(String text, int p, int e) {
        while (p < e && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        return p;
    }
}
