package io.agentsafety.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Tables printed by database clients and CSV files, where the label of a value is the header of its column, lines
 * above it: {@code psql} ({@code  id | api_key} over {@code ----+--------}), the {@code mysql} client's boxed tables
 * ({@code +----+} borders), markdown tables (agents print query results as such), CSV/TSV/semicolon files shown after a line naming them ({@code cat keys.csv},
 * {@code psql --csv}) or starting the text (a bare export: its first line is the header), and pg_dump's
 * {@code COPY t (a, b) FROM stdin;} blocks (the column list is the header, rows are tab-separated). Each cell under a column whose header names a credential ({@link ValueChecks#sensitiveKey})
 * becomes a line {@code header = cell} of the view, the cell's characters mapped to where they are, so the detectors
 * judge it like any labelled value and only the cell is redacted.
 *
 * <p>The prefilter costs two {@link String#indexOf} passes: {@code '|'} (a line holding one, under or over a
 * {@code -+-} separator) and {@code 'v'} (a {@code .csv}/{@code .tsv}/{@code -csv} just before it); a search for
 * {@code "-+-"} itself cost 4 ms per 10 MB of log ({@code '-'} is frequent there), {@code '|'} 0.3 ms. A CSV table ends at the first line with another number of fields. Rows are read up to {@link #REACH}
 * characters after the header's start, less than the context a {@link RedactingWriter} keeps before its cut, so a
 * stream finds in every row what one call over the whole text finds.
 */
final class TableColumns {

    /** Rows starting further than this after their header are not read (streams keep 2 KB of context). */
    static final int REACH = RedactingWriter.CONTEXT * 3 / 4;
    /** A header line is at most this long (a longer line is text, not a header). */
    static final int MAX_HEADER = 512;
    private static final int MAX_COLUMNS = 64;
    private static final int MAX_NAME = 64;

    private TableColumns() {
    }

    /**
     * Candidate tables of {@code text} as regions (first line, end of what may be read), in order, not overlapping;
     * {@code lowerV} holds every position of {@code 'v'} in {@code text}, ascending ({@link Decoders#positions}, one
     * pass shared with {@link SqlInsertRows}).
     */
    static void regions(String text, CharPresence present, Decoders.IntList lowerV, Decoders.IntList out) {
        Decoders.IntList starts = new Decoders.IntList();
        int n = text.length();
        // a table's header and rows hold '|', rare in other text: only the lines holding one are looked at
        for (int i = present.indexOf(text, '|'); i >= 0; i = text.indexOf('|', i + 1)) {
            int ls = lineStart(text, i);
            int le = lineEnd(text, i);
            if (le < n && (separator(text, le + 1, lineEnd(text, le + 1))
                && text.charAt(firstNonBlank(text, le + 1, lineEnd(text, le + 1))) == '-'
                || markdownSeparator(text, le + 1, lineEnd(text, le + 1)))) {
                // a psql header (----+---- on the next line) or a markdown one (|---|:---|)
                starts.add(ls);
            } else if (ls > 0 && boxedRow(text, ls, le) && separator(text, lineStart(text, ls - 1), ls - 1)
                && text.charAt(firstNonBlank(text, lineStart(text, ls - 1), ls - 1)) == '+') {
                // a mysql header: the top border (+----+) is the line above
                starts.add(lineStart(text, ls - 1));
            }
            i = le;
        }
        // a file name ending in .csv/.tsv (or -csv): its content from the next line
        int lineDone = -1;
        for (int k = 0; k < lowerV.size; k++) {
            int i = lowerV.get(k);
            if (i > lineDone && i >= 3 && text.charAt(i - 1) == 's' && (text.charAt(i - 2) == 'c' || text.charAt(i - 2) == 't')
                && (text.charAt(i - 3) == '.' || text.charAt(i - 3) == '-')) {
                int le = lineEnd(text, i);
                if (le < n) {
                    starts.add(le + 1);
                }
                lineDone = le;
            }
        }
        // pg_dump's data blocks: COPY t (a, b) FROM stdin; then tab-separated rows up to a line "\."
        // (found from its ';': a search for the whole " FROM stdin;" cost 5 ms per 10 MiB of the mixed log, ';' 0.3 ms)
        for (int i = present.indexOf(text, ';'); i >= 0; i = text.indexOf(';', i + 1)) {
            int ls = i >= COPY_END.length() && text.charAt(i - 1) == 'n' && text.startsWith(COPY_END, i + 1 - COPY_END.length())
                ? lineStart(text, i) : -1;
            if (ls >= 0 && text.startsWith("COPY ", ls)) {
                starts.add(ls);
            }
        }
        // a bare CSV/TSV export: its header is the first line of the text (a file's content, a decoded blob)
        int firstEnd = present.indexOf(text, '\n');
        char firstDelimiter = firstEnd > 0 && firstEnd <= MAX_HEADER ? delimiter(text, 0, firstEnd) : 0;
        if (firstDelimiter != 0 && firstDelimiter != '|') {
            starts.add(0);
        }
        if (starts.size == 0) {
            return;
        }
        java.util.Arrays.sort(starts.values, 0, starts.size);
        // regions may overlap (a table shown right after another): each is read from its own header
        int last = -1;
        for (int k = 0; k < starts.size; k++) {
            int s = starts.get(k);
            if (s == last) {
                continue;
            }
            out.add(s);
            out.add(lineEnd(text, Math.min(n, s + REACH)));
            last = s;
        }
    }

    /** The view of the credential columns' cells of the table starting at {@code s}; null when it has none. */
    static DecodedView decode(CharSequence chars, int s, int e) {
        String text = chars.toString();
        int headerStart = s;
        int headerEnd = lineEnd(text, s);
        Kind kind;
        int copyOpen = text.startsWith("COPY ", s) && text.startsWith(COPY_END, headerEnd - COPY_END.length())
            ? text.indexOf('(', s) : -1;
        if (copyOpen > 0 && copyOpen < headerEnd) {
            // the column list between the parentheses is the header; rows are tab-separated
            kind = Kind.COPY;
            headerStart = copyOpen + 1;
            headerEnd = text.lastIndexOf(')', headerEnd);
        } else if (separator(text, s, headerEnd) && text.charAt(firstNonBlank(text, s, headerEnd)) == '+') {
            kind = Kind.BOXED;
            headerStart = Math.min(e, headerEnd + 1);
            headerEnd = lineEnd(text, headerStart);
        } else if (headerEnd < e && separator(text, headerEnd + 1, lineEnd(text, headerEnd + 1))) {
            kind = Kind.ALIGNED;
        } else if (headerEnd < e && markdownSeparator(text, headerEnd + 1, lineEnd(text, headerEnd + 1))) {
            kind = Kind.MARKDOWN;
        } else {
            kind = Kind.DELIMITED;
        }
        if (headerEnd - headerStart > MAX_HEADER || headerEnd <= headerStart) {
            return null;
        }
        char delimiter = kind == Kind.DELIMITED ? delimiter(text, headerStart, headerEnd) : kind == Kind.COPY ? ',' : '|';
        if (delimiter == 0) {
            return null;
        }
        List<int[]> header = cells(text, headerStart, headerEnd, delimiter, kind);
        if (header == null || header.size() < 2 || header.size() > MAX_COLUMNS) {
            return null;
        }
        boolean[] credential = new boolean[header.size()];
        boolean any = false;
        for (int c = 0; c < header.size(); c++) {
            int[] h = header.get(c);
            if (h[1] - h[0] > MAX_NAME || ((kind == Kind.DELIMITED || kind == Kind.COPY) && !name(text, h[0], h[1]))) {
                return null;
            }
            credential[c] = h[1] > h[0] && ValueChecks.sensitiveKey(text.substring(h[0], h[1]));
            any |= credential[c];
        }
        if (!any) {
            return null;
        }
        if (kind == Kind.COPY) {
            delimiter = '\t';
            headerEnd = lineEnd(text, headerEnd);
        }
        MappedText view = new MappedText(256);
        for (int ls = headerEnd + 1; ls < e && ls - s <= REACH; ls = lineEnd(text, ls) + 1) {
            int le = lineEnd(text, ls);
            if (firstNonBlank(text, ls, le) == le) {
                break;
            }
            if (separator(text, ls, le) || kind == Kind.MARKDOWN && markdownSeparator(text, ls, le)) {
                continue;
            }
            if (kind == Kind.BOXED && !boxedRow(text, ls, le) || kind == Kind.ALIGNED && text.charAt(firstNonBlank(text, ls, le)) == '(') {
                break;
            }
            List<int[]> row = cells(text, ls, le, delimiter, kind);
            if (row == null || row.size() != header.size()) {
                if (row == null || kind == Kind.DELIMITED || kind == Kind.COPY) {
                    break;
                }
                continue;
            }
            for (int c = 0; c < row.size(); c++) {
                int[] cell = row.get(c);
                if (credential[c] && cell[1] > cell[0]) {
                    int[] h = header.get(c);
                    for (int k = h[0]; k < h[1]; k++) {
                        view.append(text.charAt(k), k, k + 1);
                    }
                    for (char sep : " = ".toCharArray()) {
                        view.append(sep, cell[0], cell[0]);
                    }
                    for (int k = cell[0]; k < cell[1]; k++) {
                        view.append(text.charAt(k), k, k + 1);
                    }
                    view.append('\n', cell[1], cell[1]);
                }
            }
        }
        return view.length() == 0 ? null : view.view("table");
    }

    private enum Kind { ALIGNED, BOXED, MARKDOWN, DELIMITED, COPY }

    /** The end of a pg_dump {@code COPY} header line. */
    private static final String COPY_END = " FROM stdin;";

    /**
     * The cells (start, end, blanks and quotes trimmed) of one line; null when it is not a row: a boxed row must start
     * and end with {@code |}, an aligned one must hold one.
     */
    private static List<int[]> cells(String text, int ls, int le, char delimiter, Kind kind) {
        int s = ls;
        int e = le;
        if (e > s && text.charAt(e - 1) == '\r') {
            e--;
        }
        if (kind == Kind.BOXED) {
            s = firstNonBlank(text, s, e);
            while (e > s && text.charAt(e - 1) == ' ') {
                e--;
            }
            if (e - s < 2 || text.charAt(s) != '|' || text.charAt(e - 1) != '|') {
                return null;
            }
            s++;
            e--;
        } else if (text.indexOf(delimiter, s) < 0 || text.indexOf(delimiter, s) >= e) {
            return null;
        } else if (kind == Kind.MARKDOWN) {
            // the outer bars are optional in markdown
            s = firstNonBlank(text, s, e);
            while (e > s && text.charAt(e - 1) == ' ') {
                e--;
            }
            if (text.charAt(s) == '|') {
                s++;
            }
            if (e > s && text.charAt(e - 1) == '|') {
                e--;
            }
        }
        List<int[]> out = new ArrayList<>();
        int from = s;
        boolean quoted = false;
        for (int k = s; k <= e; k++) {
            char c = k < e ? text.charAt(k) : delimiter;
            if (kind == Kind.DELIMITED && c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && (!quoted || k == e)) {
                out.add(trim(text, from, k));
                from = k + 1;
                if (out.size() > MAX_COLUMNS) {
                    return null;
                }
            }
        }
        return out;
    }

    private static int[] trim(String text, int s, int e) {
        while (s < e && (text.charAt(s) == ' ' || text.charAt(s) == '\t')) {
            s++;
        }
        while (e > s && (text.charAt(e - 1) == ' ' || text.charAt(e - 1) == '\t')) {
            e--;
        }
        if (e - s >= 2 && text.charAt(s) == '"' && text.charAt(e - 1) == '"') {
            s++;
            e--;
        }
        return new int[] {s, e};
    }

    /** The CSV delimiter of a header line: the most frequent of tab, comma, semicolon and bar; 0 without any. */
    private static char delimiter(String text, int s, int e) {
        char best = 0;
        int bestCount = 0;
        for (char d : new char[] {'\t', ',', ';', '|'}) {
            int count = 0;
            for (int k = s; k < e; k++) {
                if (text.charAt(k) == d) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = d;
                bestCount = count;
            }
        }
        return best;
    }

    /** A CSV header cell: a column name (letters, digits, {@code _ - . } and spaces), not a value. */
    private static boolean name(String text, int s, int e) {
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ' ')) {
                return false;
            }
        }
        return true;
    }

    /** A line of only {@code - + |} and blanks, with at least one {@code -+} or {@code +-}. */
    private static boolean separator(String text, int s, int e) {
        boolean plus = false;
        boolean dash = false;
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (c == '+') {
                plus = true;
            } else if (c == '-') {
                dash = true;
            } else if (c != ' ' && c != '|' && c != '\r') {
                return false;
            }
        }
        return plus && dash;
    }

    /** A markdown table's delimiter row: only {@code - : |} and blanks, with a {@code -} and a {@code |}. */
    private static boolean markdownSeparator(String text, int s, int e) {
        boolean bar = false;
        boolean dash = false;
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (c == '|') {
                bar = true;
            } else if (c == '-') {
                dash = true;
            } else if (c != ' ' && c != ':' && c != '\r') {
                return false;
            }
        }
        return bar && dash;
    }

    private static boolean boxedRow(String text, int s, int e) {
        int f = firstNonBlank(text, s, e);
        return f < e && text.charAt(f) == '|';
    }

    private static int firstNonBlank(String text, int s, int e) {
        while (s < e && (text.charAt(s) == ' ' || text.charAt(s) == '\t')) {
            s++;
        }
        return s;
    }

    private static int lineStart(String text, int i) {
        return text.lastIndexOf('\n', i - 1) + 1;
    }

    private static int lineEnd(String text, int i) {
        int e = text.indexOf('\n', i);
        return e < 0 ? text.length() : e;
    }
}
