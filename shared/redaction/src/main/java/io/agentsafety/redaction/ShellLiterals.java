package io.agentsafety.redaction;

/**
 * Shell and configuration expressions whose value is a literal written inside them: a command substitution that
 * only prints it ({@code $(echo 'v')}, {@code $(printf %s "v")}, {@code `echo v`}) and a variable reference with a
 * default ({@code ${NAME:-v}}, {@code ${NAME:=v}}, Spring's {@code ${NAME:v}}). Their literal is what the variable
 * on the left receives ({@code export API_TOKEN=$(echo 'v')}), but the quotes and the parentheses around it hide it
 * from the assignment rows, and the {@code ${}/$(} placeholder rule would keep it.
 *
 * <p>The line is rewritten with each such expression replaced by its literal ({@code API_TOKEN=v}); a reference with
 * a default also adds a line {@code NAME=v} after it, so the variable's own name labels the value where nothing before
 * the expression does ({@code : "${API_TOKEN:=v}"}). Each literal character maps to itself, so a finding redacts the
 * literal inside the expression. A reference without a default, a default holding another expansion, and a command
 * other than {@code echo}/{@code printf} are left alone.
 */
final class ShellLiterals {

    private ShellLiterals() {
    }

    /**
     * Positions of the expressions: a {@code $} followed by {@code (} or {@code {}, or a backquote, that parses as
     * one; found by {@link String#indexOf} (two vectorised passes; both characters are rare in logs).
     */
    static void triggers(String text, CharPresence present, Decoders.IntList out) {
        int n = text.length();
        for (int i = present.indexOf(text, '$'); i >= 0 && i + 1 < n; i = text.indexOf('$', i + 1)) {
            char next = text.charAt(i + 1);
            if ((next == '(' && substitution(text, i, n, null) > 0)
                || (next == '{' && (reference(text, i, n, null, null) > 0 || interpolatedLiteral(text, i, n, null) > 0))) {
                out.add(i);
            }
        }
        for (int i = present.indexOf(text, '`'); i >= 0; i = text.indexOf('`', i + 1)) {
            if (substitution(text, i, n, null) > 0) {
                out.add(i);
            }
        }
    }

    /** The region with every expression replaced by its literal (and a NAME=literal line per reference); null when none parses. */
    static DecodedView decode(CharSequence text, int s, int e) {
        MappedText out = new MappedText(e - s + 32);
        MappedText names = new MappedText(16);
        boolean changed = false;
        int i = s;
        while (i < e) {
            char c = text.charAt(i);
            int end = -1;
            if (c == '`' || (c == '$' && i + 1 < e && text.charAt(i + 1) == '(')) {
                end = substitution(text, i, e, out);
            } else if (c == '$' && i + 1 < e && text.charAt(i + 1) == '{') {
                end = reference(text, i, e, out, names);
                if (end < 0) {
                    end = interpolatedLiteral(text, i, e, out);
                }
            }
            if (end > 0) {
                changed = true;
                i = end;
            } else {
                out.append(c, i, i + 1);
                i++;
            }
        }
        if (!changed) {
            return null;
        }
        for (int k = 0; k < names.length(); k++) {
            out.appendFrom(names, k);
        }
        return out.view("shell");
    }

    /**
     * {@code $(echo [-n] ARG)}, {@code $(printf [FORMAT] ARG)} or the backquoted form at {@code i}: the end of the
     * expression, its literal appended to {@code out} (when not null); -1 when it is not one.
     */
    static int substitution(CharSequence text, int i, int limit, MappedText out) {
        char close = text.charAt(i) == '`' ? '`' : ')';
        int p = i + (close == '`' ? 1 : 2);
        p = CharSequences.skipBlanks(text, p, limit);
        boolean echo;
        if (word(text, p, limit, "echo")) {
            echo = true;
            p += 4;
        } else if (word(text, p, limit, "printf")) {
            echo = false;
            p += 6;
        } else {
            return -1;
        }
        p = CharSequences.skipBlanks(text, p, limit);
        if (echo) {
            // flags: -n, -e, -ne
            while (p + 1 < limit && text.charAt(p) == '-' && "neE".indexOf(text.charAt(p + 1)) >= 0) {
                int q = p + 1;
                while (q < limit && "neE".indexOf(text.charAt(q)) >= 0) {
                    q++;
                }
                if (q >= limit || (text.charAt(q) != ' ' && text.charAt(q) != '\t')) {
                    break;
                }
                p = CharSequences.skipBlanks(text, q, limit);
            }
        } else {
            // a plain "%s" format, bare or quoted, optionally ending in \n
            int q = format(text, p, limit);
            if (q > p) {
                p = CharSequences.skipBlanks(text, q, limit);
            }
        }
        int[] arg = argument(text, p, limit, close);
        if (arg == null) {
            return -1;
        }
        p = CharSequences.skipBlanks(text, arg[2], limit);
        if (p >= limit || text.charAt(p) != close) {
            return -1;
        }
        if (out != null) {
            for (int k = arg[0]; k < arg[1]; k++) {
                out.append(text.charAt(k), k, k + 1);
            }
        }
        return p + 1;
    }

    /**
     * {@code ${NAME:-default}}, {@code ${NAME:=default}} or {@code ${NAME:default}} at {@code i}: the end of the
     * reference, the default appended to {@code out} and a line {@code NAME=default} to {@code names}; -1 when it is
     * not one (no default, an empty one, or one holding another expansion).
     */
    static int reference(CharSequence text, int i, int limit, MappedText out, MappedText names) {
        int p = i + 2;
        int nameStart = p;
        if (p >= limit || !(Character.isLetter(text.charAt(p)) || text.charAt(p) == '_')) {
            return -1;
        }
        while (p < limit && (identifier(text.charAt(p)) || text.charAt(p) == '.' || text.charAt(p) == '-')) {
            p++;
        }
        int nameEnd = p;
        if (p >= limit || text.charAt(p) != ':') {
            return -1;
        }
        int opStart = p;
        p++;
        if (p < limit && (text.charAt(p) == '-' || text.charAt(p) == '=')) {
            p++;
        } else if (p < limit && "?+}".indexOf(text.charAt(p)) >= 0) {
            return -1;
        }
        int opEnd = p;
        int valueStart = p;
        while (p < limit && text.charAt(p) != '}') {
            char c = text.charAt(p);
            if (c == '$' || c == '{' || c == '\n' || c == '\r' || c == '`') {
                return -1;
            }
            p++;
        }
        if (p >= limit || p == valueStart) {
            return -1;
        }
        int valueEnd = p;
        if (out != null) {
            for (int k = valueStart; k < valueEnd; k++) {
                out.append(text.charAt(k), k, k + 1);
            }
            names.append('\n', valueEnd, valueEnd + 1);
            for (int k = nameStart; k < nameEnd; k++) {
                names.append(text.charAt(k), k, k + 1);
            }
            names.append('=', opStart, opEnd);
            for (int k = valueStart; k < valueEnd; k++) {
                names.append(text.charAt(k), k, k + 1);
            }
        }
        return valueEnd + 1;
    }

    /**
     * A template interpolation of a string literal at {@code i}, {@code ${'v'}} or {@code ${"v"}} (JavaScript template
     * literals, Kotlin/Groovy strings: {@code `Bearer ${'v'}`}): the end of the expression, the literal appended to
     * {@code out}; -1 when it is not one (an empty literal, or one holding a line break, its quote or an expansion).
     */
    static int interpolatedLiteral(CharSequence text, int i, int limit, MappedText out) {
        int p = CharSequences.skipBlanks(text, i + 2, limit);
        int[] arg = p < limit && (text.charAt(p) == '\'' || text.charAt(p) == '"') ? argument(text, p, limit, '}') : null;
        if (arg == null) {
            return -1;
        }
        for (int k = arg[0]; k < arg[1]; k++) {
            if (text.charAt(k) == '$' || text.charAt(k) == '\\') {
                return -1;
            }
        }
        p = CharSequences.skipBlanks(text, arg[2], limit);
        if (p >= limit || text.charAt(p) != '}') {
            return -1;
        }
        if (out != null) {
            for (int k = arg[0]; k < arg[1]; k++) {
                out.append(text.charAt(k), k, k + 1);
            }
        }
        return p + 1;
    }

    /** The literal at p: {start, end, after} of a quoted string (no expansion inside double quotes) or a bare word. */
    private static int[] argument(CharSequence text, int p, int limit, char close) {
        if (p >= limit) {
            return null;
        }
        char q = text.charAt(p);
        if (q == '\'' || q == '"') {
            int k = p + 1;
            while (k < limit && text.charAt(k) != q) {
                char c = text.charAt(k);
                if (c == '\n' || c == '\r' || (q == '"' && (c == '$' || c == '`' || c == '\\'))) {
                    return null;
                }
                k++;
            }
            return k < limit && k > p + 1 ? new int[] {p + 1, k, k + 1} : null;
        }
        int k = p;
        while (k < limit) {
            char c = text.charAt(k);
            if (c <= ' ' || c == close || "'\"`$()|;&<>\\".indexOf(c) >= 0) {
                break;
            }
            k++;
        }
        return k > p ? new int[] {p, k, k} : null;
    }

    /** End of a printf format that prints its argument unchanged ({@code %s}, {@code '%s'}, {@code "%s\n"}), else p. */
    private static int format(CharSequence text, int p, int limit) {
        int k = p;
        char q = k < limit ? text.charAt(k) : 0;
        if (q == '\'' || q == '"') {
            k++;
        }
        if (k + 1 >= limit || text.charAt(k) != '%' || text.charAt(k + 1) != 's') {
            return p;
        }
        k += 2;
        if (k + 1 < limit && text.charAt(k) == '\\' && text.charAt(k + 1) == 'n') {
            k += 2;
        }
        if (q == '\'' || q == '"') {
            if (k >= limit || text.charAt(k) != q) {
                return p;
            }
            k++;
        }
        return k < limit && (text.charAt(k) == ' ' || text.charAt(k) == '\t') ? k : p;
    }

    private static boolean word(CharSequence text, int p, int limit, String w) {
        int end = p + w.length();
        if (end >= limit || (text.charAt(end) != ' ' && text.charAt(end) != '\t')) {
            return false;
        }
        for (int k = 0; k < w.length(); k++) {
            if (text.charAt(p + k) != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean identifier(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
