package io.agentsafety.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for a plain subset of YAML, producing what SnakeYAML's {@code SafeConstructor} produces for it (maps in
 * order, lists, strings, ints, longs, doubles, booleans, null). It serves the files read on a function's start: its
 * configuration ({@link FunctionYamlLoader}) and shared/redaction's detector table. SnakeYAML costs ~70 ms of CPU to
 * read the 180 KB table on a cold JVM and loads ~150 classes even for a three-line configuration (issue 17: every
 * start pays it); this reader, a few milliseconds. Anything outside the subset — block scalars, anchors, tags, escaped
 * line breaks, multi-line plain scalars, several documents, plain scalars YAML 1.1 might read as another type
 * (timestamps, octal, {@code 1_000}), characters SnakeYAML refuses, nesting deeper than SnakeYAML allows — throws
 * {@link Unsupported}, and the caller reads the text with SnakeYAML instead, so a new construct costs start time,
 * never a different reading. {@code PlainYamlTest} holds the two readings of every YAML file in the repository equal.
 *
 * <p>The subset: block mappings and sequences (a sequence may sit at its key's indentation; a mapping may open on a
 * {@code - } line), flow sequences and mappings (over several lines too), single- and double-quoted scalars on one
 * line or folded over several, plain scalars on one line, {@code #} comments.
 */
public final class PlainYaml {

    /** The text uses YAML this reader does not model: read it with SnakeYAML. */
    public static final class Unsupported extends RuntimeException {
        Unsupported(String what, int line) {
            super(what + " at line " + (line + 1), null, false, false);
        }
    }

    /** Collections nested deeper than this are left to SnakeYAML (it refuses more than 50 levels). */
    private static final int MAX_DEPTH = 40;

    private final String[] lines;
    /** How many collections enclose the current position. */
    private int depth;
    /** The current line and the position in it. */
    private int line;
    private int col;

    private PlainYaml(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // tabs, CR and the BOM need YAML's rules for them; control characters and the rest SnakeYAML refuses
            if ((c < ' ' && c != '\n') || (c >= 0x7F && c <= 0x9F) || c == '\uFEFF' || c >= '\uFFFE'
                || (Character.isSurrogate(c) && !validPair(text, i++))) {
                throw new Unsupported("a tab, CR, BOM, control or non-BMP character", 0);
            }
        }
        this.lines = text.split("\n", -1);
    }

    /** A high surrogate at {@code i} followed by a low one: a character outside the BMP, which YAML allows. */
    private static boolean validPair(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1));
    }

    /** The document's root (null for an empty document). */
    public static Object parse(String text) {
        PlainYaml y = new PlainYaml(text);
        if (!y.nextContent()) {
            return null;
        }
        Object root = y.block(y.indent());
        if (y.nextContent()) {
            throw new Unsupported("content after the root", y.line);
        }
        return root;
    }

    /** Moves to the next line holding something other than blanks and a comment; false at the end. */
    private boolean nextContent() {
        while (line < lines.length) {
            String l = lines[line];
            int i = 0;
            while (i < l.length() && l.charAt(i) == ' ') {
                i++;
            }
            if (i < l.length() && l.charAt(i) != '#') {
                col = i;
                return true;
            }
            line++;
            col = 0;
        }
        return false;
    }

    private int indent() {
        String l = lines[line];
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private String cur() {
        return lines[line];
    }

    private boolean dashAt(int i) {
        String l = cur();
        return i < l.length() && l.charAt(i) == '-' && (i + 1 == l.length() || l.charAt(i + 1) == ' ');
    }

    /** A block node whose first line (current) is indented by {@code ind}. */
    private Object block(int ind) {
        if (l3("---") || l3("...")) {
            throw new Unsupported("document marker", line);
        }
        char c = cur().charAt(ind);
        if (c == '[' || c == '{') {
            col = ind;
            Object flow = c == '[' ? flowSequence() : flowMapping();
            endLine();
            checkDedent(ind);
            return flow;
        }
        return dashAt(ind) ? sequence(ind) : mapping(ind, ind);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new Unsupported("deep nesting", line);
        }
    }

    private boolean l3(String marker) {
        return cur().startsWith(marker) && (cur().length() == 3 || cur().charAt(3) == ' ');
    }

    /** Block sequence: "- item" lines at {@code ind}. */
    private List<Object> sequence(int ind) {
        List<Object> out = new ArrayList<>();
        enter();
        while (nextContent() && indent() == ind && dashAt(ind)) {
            col = ind + 1;
            skipSpaces();
            if (endOfLine()) {
                line++;
                out.add(nested(ind, false));
                continue;
            }
            int itemCol = col;
            int start = col;
            int startLine = line;
            Object first = inlineNode(ind);
            skipSpaces();
            if (line == startLine && col < cur().length() && cur().charAt(col) == ':' && separatorAt(col + 1)) {
                // "- key: value": a mapping whose keys sit at the item's column
                col = start;
                out.add(mapping(itemCol, itemCol));
                continue;
            }
            endLine();
            out.add(first);
        }
        checkDedent(ind);
        depth--;
        return out;
    }

    /** After a line ending in "key:" or "-": the node on the following lines, or null when none is indented under it. */
    private Object nested(int parentIndent, boolean sequenceMayAlign) {
        if (!nextContent()) {
            return null;
        }
        int ind = indent();
        if (ind > parentIndent) {
            return block(ind);
        }
        if (sequenceMayAlign && ind == parentIndent && dashAt(ind)) {
            return sequence(ind);
        }
        return null;
    }

    /**
     * Block mapping at indentation {@code ind}; its first key may start at column {@code firstCol} of the current line
     * (after a "- ").
     */
    private Map<Object, Object> mapping(int ind, int firstCol) {
        Map<Object, Object> out = new LinkedHashMap<>();
        enter();
        boolean first = true;
        while (first || (nextContent() && indent() == ind && !dashAt(ind))) {
            if (!first) {
                col = ind;
            } else {
                col = firstCol;
            }
            first = false;
            int keyLine = line;
            Object key = inlineNode(-1);
            if (line != keyLine || col >= cur().length() || cur().charAt(col) != ':' || !separatorAt(col + 1)) {
                throw new Unsupported("a mapping key without ': '", line);
            }
            col++;
            skipSpaces();
            Object value;
            if (endOfLine()) {
                line++;
                value = nested(ind, true);
            } else {
                value = inlineNode(ind);
                endLine();
            }
            put(out, key, value);
        }
        checkDedent(ind);
        depth--;
        return out;
    }

    /**
     * A repeated key keeps its last value at its last place, as SnakeYAML's duplicate-key handling leaves it (it drops
     * the earlier entries); null keys are not deduplicated there, so they keep their first place.
     */
    private static void put(Map<Object, Object> map, Object key, Object value) {
        if (key != null) {
            map.remove(key);
        }
        map.put(key, value);
    }

    /** Leaving a block: the next content line must belong to an enclosing block (less indented) or be the end. */
    private void checkDedent(int ind) {
        if (line < lines.length && nextContent() && indent() > ind) {
            throw new Unsupported("unexpected indentation", line);
        }
    }

    private boolean separatorAt(int i) {
        return i >= cur().length() || cur().charAt(i) == ' ';
    }

    private void skipSpaces() {
        String l = cur();
        while (col < l.length() && l.charAt(col) == ' ') {
            col++;
        }
    }

    /** Nothing but blanks or a comment left on the line. */
    private boolean endOfLine() {
        String l = cur();
        int i = col;
        while (i < l.length() && l.charAt(i) == ' ') {
            i++;
        }
        return i >= l.length() || (l.charAt(i) == '#' && (i == 0 || l.charAt(i - 1) == ' '));
    }

    private void endLine() {
        if (!endOfLine()) {
            throw new Unsupported("more after a value", line);
        }
        line++;
        col = 0;
    }

    /**
     * A scalar or flow collection starting at the current position of a block context: a value of the block at
     * {@code blockIndent}, or a mapping key when that is -1.
     */
    private Object inlineNode(int blockIndent) {
        boolean key = blockIndent < 0;
        char c = cur().charAt(col);
        return switch (c) {
            case '\'' -> singleQuoted();
            case '"' -> doubleQuoted();
            case '[' -> {
                if (key) {
                    throw new Unsupported("a flow key", line);
                }
                yield flowSequence();
            }
            case '{' -> {
                if (key) {
                    throw new Unsupported("a flow key", line);
                }
                yield flowMapping();
            }
            default -> plain(false, blockIndent);
        };
    }

    private String singleQuoted() {
        StringBuilder out = new StringBuilder();
        int i = col + 1;
        int lineStart = 0;
        while (true) {
            String l = cur();
            if (i >= l.length()) {
                i = fold(out, lineStart);
                lineStart = out.length();
                continue;
            }
            char c = l.charAt(i);
            if (c == '\'') {
                if (i + 1 < l.length() && l.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i += 2;
                    continue;
                }
                col = i + 1;
                return out.toString();
            }
            out.append(c);
            i++;
        }
    }

    /**
     * A quoted scalar going on past its line, folded as YAML folds it: the line's trailing blanks dropped, the line
     * break a space (or, followed by n empty lines, n line breaks), the next line's leading blanks dropped. Moves to
     * that line and returns the position of its first character. ({@code lineStart}: where this line's text began.)
     */
    private int fold(StringBuilder out, int lineStart) {
        int end = out.length();
        while (end > lineStart && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        int empty = 0;
        while (true) {
            line++;
            if (line >= lines.length) {
                throw new Unsupported("an unclosed quoted scalar", line - 1);
            }
            String l = cur();
            int i = 0;
            while (i < l.length() && l.charAt(i) == ' ') {
                i++;
            }
            if (i < l.length()) {
                if (l3("---") || l3("...")) {
                    throw new Unsupported("a document marker in a quoted scalar", line);
                }
                out.append(empty == 0 ? " " : "\n".repeat(empty));
                return i;
            }
            empty++;
        }
    }

    private String doubleQuoted() {
        StringBuilder out = new StringBuilder();
        int i = col + 1;
        int lineStart = 0;
        while (true) {
            String l = cur();
            if (i >= l.length()) {
                i = fold(out, lineStart);
                lineStart = out.length();
                continue;
            }
            char c = l.charAt(i);
            if (c == '"') {
                col = i + 1;
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= l.length()) {
                throw new Unsupported("an escaped line break", line);
            }
            char e = l.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case '0' -> out.append('\0');
                case 'u' -> {
                    if (i + 4 > l.length()) {
                        throw new Unsupported("a short \\u escape", line);
                    }
                    out.append((char) hex4(l, i));
                    i += 4;
                }
                default -> throw new Unsupported("the escape \\" + e, line);
            }
            lineStart = out.length(); // an escaped blank is not dropped by folding
        }
    }

    private int hex4(String l, int i) {
        int v = 0;
        for (int k = i; k < i + 4; k++) {
            int d = Character.digit(l.charAt(k), 16);
            if (d < 0) {
                throw new Unsupported("a bad \\u escape", line);
            }
            v = v * 16 + d;
        }
        if (v >= 0xD800 && v <= 0xDFFF) {
            throw new Unsupported("a surrogate escape", line);
        }
        return v;
    }

    /**
     * A plain scalar: up to ": ", " #" or the line's end (in a flow collection also up to ',', ']', '}'),
     * trailing blanks dropped, then typed as YAML 1.1 would type it. A block value ({@code blockIndent} ≥ 0) must not
     * go on over the next lines (a line indented deeper than its block would continue it).
     */
    private Object plain(boolean flow, int blockIndent) {
        String l = cur();
        char c = l.charAt(col);
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(c) >= 0) {
            throw new Unsupported("a plain scalar starting with '" + c + "'", line);
        }
        int i = col;
        while (i < l.length()) {
            char d = l.charAt(i);
            if (d == ':' && (i + 1 == l.length() || l.charAt(i + 1) == ' ' || (flow && ",]}".indexOf(l.charAt(i + 1)) >= 0))) {
                break;
            }
            if (d == '#' && l.charAt(i - 1) == ' ') {
                break;
            }
            if (flow && ",[]{}".indexOf(d) >= 0) {
                break;
            }
            if (flow && d == ':') {
                throw new Unsupported("':' in a flow scalar", line);
            }
            i++;
        }
        int end = i;
        while (end > col && l.charAt(end - 1) == ' ') {
            end--;
        }
        String text = l.substring(col, end);
        col = end;
        if (blockIndent >= 0 && continues(blockIndent)) {
            throw new Unsupported("a plain scalar over several lines", line);
        }
        return resolve(text);
    }

    /** Whether the next content line, indented deeper than the block, would continue a plain scalar ending this line. */
    private boolean continues(int blockIndent) {
        if (!endOfLine()) {
            return false;
        }
        int next = line + 1;
        while (next < lines.length) {
            String n = lines[next];
            int i = 0;
            while (i < n.length() && n.charAt(i) == ' ') {
                i++;
            }
            if (i < n.length() && n.charAt(i) != '#') {
                return i > blockIndent;
            }
            next++;
        }
        return false;
    }

    private List<Object> flowSequence() {
        List<Object> out = new ArrayList<>();
        enter();
        col++;
        flowSpace();
        if (cur().charAt(col) == ']') {
            col++;
            depth--;
            return out;
        }
        while (true) {
            out.add(flowItem());
            flowSpace();
            char c = cur().charAt(col);
            col++;
            if (c == ']') {
                depth--;
                return out;
            }
            if (c != ',') {
                throw new Unsupported("'" + c + "' in a flow sequence", line);
            }
            flowSpace();
            if (cur().charAt(col) == ']') {
                throw new Unsupported("a trailing comma", line);
            }
        }
    }

    private Map<Object, Object> flowMapping() {
        Map<Object, Object> out = new LinkedHashMap<>();
        enter();
        col++;
        flowSpace();
        if (cur().charAt(col) == '}') {
            col++;
            depth--;
            return out;
        }
        while (true) {
            Object key = flowItem();
            flowSpace();
            if (cur().charAt(col) != ':') {
                throw new Unsupported("a flow mapping entry without ':'", line);
            }
            col++;
            flowSpace();
            put(out, key, flowItem());
            flowSpace();
            char c = cur().charAt(col);
            col++;
            if (c == '}') {
                depth--;
                return out;
            }
            if (c != ',') {
                throw new Unsupported("'" + c + "' in a flow mapping", line);
            }
            flowSpace();
        }
    }

    private Object flowItem() {
        char c = cur().charAt(col);
        return switch (c) {
            case '\'' -> singleQuoted();
            case '"' -> doubleQuoted();
            case '[' -> flowSequence();
            case '{' -> flowMapping();
            default -> plain(true, -1);
        };
    }

    /** Blanks, comments and line breaks inside a flow collection; it must not end there. */
    private void flowSpace() {
        while (true) {
            skipSpaces();
            if (!endOfLine()) {
                return;
            }
            line++;
            col = 0;
            if (line >= lines.length) {
                throw new Unsupported("an unclosed flow collection", line - 1);
            }
        }
    }

    /**
     * A superset of the plain scalars SnakeYAML's YAML 1.1 resolver types as an int, float or timestamp (2.x's
     * patterns, loosened: any digits, underscores and one dot with an exponent; sexagesimal; binary, hex; .inf, .nan;
     * anything opening with a date's "yyyy-"). What it does not match, e.g. {@code 127.0.0.1} or {@code 1.2.3}, is a
     * string for every SnakeYAML 2.x.
     */
    private static final java.util.regex.Pattern MAY_BE_TYPED = java.util.regex.Pattern.compile(
        "[-+]?[0-9_]*\\.?[0-9_]*(?:[eE][-+]?[0-9]+)?"
            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?"
            + "|[-+]?0b_*[01][01_]*|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*"
            + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
            + "|[0-9]{4}-.*");

    /** YAML 1.1 typing of a plain scalar (SnakeYAML's resolver), for the forms this reader accepts. */
    static Object resolve(String text) {
        switch (text) {
            case "", "~", "null", "Null", "NULL" -> {
                return null;
            }
            case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" -> {
                return Boolean.TRUE;
            }
            case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" -> {
                return Boolean.FALSE;
            }
            default -> {
            }
        }
        char c = text.charAt(0);
        if (c == '0' && text.length() == 1) {
            return 0;
        }
        if (c >= '1' && c <= '9' && digits(text, 0, text.length())) {
            if (text.length() > 18) {
                throw new Unsupported("a large integer", 0);
            }
            long v = Long.parseLong(text);
            return v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }
        int dot = text.indexOf('.');
        boolean whole = dot == 1 ? c >= '0' && c <= '9' : c >= '1' && c <= '9' && digits(text, 0, dot);
        if (dot > 0 && dot < text.length() - 1 && whole && digits(text, dot + 1, text.length())) {
            return Double.parseDouble(text);
        }
        if (((c >= '0' && c <= '9') || c == '+' || c == '.') && MAY_BE_TYPED.matcher(text).matches()) {
            // octal, hex, binary, base 60, timestamps, other float forms: SnakeYAML decides
            throw new Unsupported("a plain scalar YAML 1.1 may type (" + c + "…)", 0);
        }
        if (c == '<' || c == '=') {
            throw new Unsupported("a merge or value key", 0); // "<<", "="
        }
        return text;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return to > from;
    }
}
