package io.agentsafety.commands.analysis;

/**
 * A lexer-only proof that a DELETE or UPDATE keeps a row filter {@link SqlAnalyzer#alwaysTrue} cannot call "every row",
 * so the JSqlParser parse (most of a {@code psql -c "DELETE ... WHERE ..."} decision's time) can be skipped: if the
 * statement parses, it is a DELETE/UPDATE whose WHERE is the text after its one top-level {@code WHERE}, and none of
 * that text's sub-expressions can print as a form {@code alwaysTrue} accepts; if it does not parse, the keyword scan
 * decides, which the caller runs anyway. Anything outside a plain subset of SQL answers false (parse as before):
 * characters other than letters, digits, blanks, quotes and {@code _(),.<>=!+-* /:}, comments, unterminated quotes.
 * <p>
 * Every form {@code alwaysTrue} accepts needs, in the WHERE text, one of: an {@code =} (an {@code EqualsTo}, {@code x = x},
 * {@code 1 = 1}, {@code id >= 1}), the word {@code id} compared, {@code like}, {@code '%'}, {@code true}/{@code false},
 * or a lone {@code 1}. So after WHERE: no {@code %}; no {@code like}, {@code true}, {@code false} (nor {@code current},
 * for {@code WHERE CURRENT OF}); a number only as the right operand of a comparison; and {@code =}, {@code <=},
 * {@code >=}, {@code !=} only between an identifier chain (after WHERE, AND, OR, NOT or "(") and one literal (before
 * the end, AND, OR or ")"), where the two sides cannot print alike (an identifier never prints as a literal); the word
 * {@code id} only as such a chain's end before {@code =}. {@code FilteredDmlTest} checks every statement this accepts
 * against the parse.
 */
final class FilteredDml {

    private static final int WORD = 1;
    private static final int NUMBER = 2;
    private static final int STRING = 3;
    private static final int QUOTED_IDENT = 4;
    private static final int OPERATOR = 5;
    private static final int PUNCT = 6;

    private FilteredDml() {
    }

    /** True when the statement provably is a DELETE/UPDATE whose WHERE no parse would judge "every row". */
    static boolean proven(String statement) {
        Tokens t = Tokens.of(statement);
        if (t == null || t.size < 2 || t.start[0] != 0 || !(t.wordIs(0, "delete") || t.wordIs(0, "update"))) {
            return false;
        }
        int where = -1;
        int depth = 0;
        for (int i = 0; i < t.size; i++) {
            if (t.kind[i] == PUNCT) {
                char c = statement.charAt(t.start[i]);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (depth < 0) {
                    return false;
                }
            } else if (depth == 0 && t.wordIs(i, "where")) {
                if (where >= 0) {
                    return false;
                }
                where = i;
            }
        }
        if (depth != 0 || where < 0) {
            return false;
        }
        for (int i = where + 1; i < t.size; i++) {
            if (!harmlessToken(t, where, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean harmlessToken(Tokens t, int where, int i) {
        switch (t.kind[i]) {
            case WORD, QUOTED_IDENT -> {
                String word = t.kind[i] == WORD ? t.text(i) : t.text(i).substring(1, t.end[i] - t.start[i] - 1);
                if (word.equalsIgnoreCase("like") || word.equalsIgnoreCase("ilike") || word.equalsIgnoreCase("true")
                    || word.equalsIgnoreCase("false") || word.equalsIgnoreCase("current")) {
                    return false;
                }
                // "id" only as the left side of "= literal" (checked at the operator)
                return !word.equalsIgnoreCase("id") || i + 1 < t.size && t.operatorIs(i + 1, "=");
            }
            case NUMBER -> {
                return i > where + 1 && t.kind[i - 1] == OPERATOR;
            }
            case OPERATOR -> {
                String op = t.text(i);
                if (op.equals("<") || op.equals(">") || op.equals("<>")) {
                    return true;
                }
                return (op.equals("=") || op.equals("<=") || op.equals(">=") || op.equals("!="))
                    && identifierChainBefore(t, where, i) && literalAfter(t, i);
            }
            default -> {
                return true;
            }
        }
    }

    /** Tokens where..i-1 end with an identifier chain (a, a.b, "A".b) that starts after WHERE, AND, OR, NOT or "(". */
    private static boolean identifierChainBefore(Tokens t, int where, int i) {
        int j = i - 1;
        while (true) {
            if (j <= where || (t.kind[j] != WORD && t.kind[j] != QUOTED_IDENT)) {
                return false;
            }
            if (j - 1 > where && t.punctIs(j - 1, '.')) {
                j -= 2;
                continue;
            }
            int before = j - 1;
            return before == where || t.wordIs(before, "and") || t.wordIs(before, "or") || t.wordIs(before, "not")
                || t.punctIs(before, '(');
        }
    }

    /** Token i+1 is one string or number literal, followed by the end, AND, OR or ")". */
    private static boolean literalAfter(Tokens t, int i) {
        int j = i + 1;
        if (j >= t.size || (t.kind[j] != STRING && t.kind[j] != NUMBER)) {
            return false;
        }
        int after = j + 1;
        return after == t.size || t.wordIs(after, "and") || t.wordIs(after, "or") || t.punctIs(after, ')');
    }

    /** The statement cut into tokens (kind, start, end), or null for text outside the plain subset. */
    private static final class Tokens {
        final String text;
        int size;
        int[] kind = new int[32];
        int[] start = new int[32];
        int[] end = new int[32];

        private Tokens(String text) {
            this.text = text;
        }

        static Tokens of(String s) {
            Tokens t = new Tokens(s);
            int n = s.length();
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                int from = i;
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    i++;
                    continue;
                }
                int kind;
                if (isLetter(c) || c == '_') {
                    while (i < n && isWordChar(s.charAt(i))) {
                        i++;
                    }
                    kind = WORD;
                } else if (c >= '0' && c <= '9') {
                    while (i < n && (isWordChar(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    kind = NUMBER;
                } else if (c == '\'' || c == '"') {
                    i = closingQuote(s, i);
                    if (i < 0) {
                        return null;
                    }
                    kind = c == '\'' ? STRING : QUOTED_IDENT;
                } else if (c == '<' || c == '>' || c == '=' || c == '!') {
                    while (i < n && "<>=!".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    kind = OPERATOR;
                } else if ("(),.+*:".indexOf(c) >= 0 || c == '-' && !(i + 1 < n && s.charAt(i + 1) == '-')
                    || c == '/' && !(i + 1 < n && s.charAt(i + 1) == '*')) {
                    i++;
                    kind = PUNCT;
                } else {
                    return null;
                }
                t.add(kind, from, i);
            }
            return t;
        }

        /** Index after the quote closing the one at i (a doubled quote continues it), or -1 (unclosed, or a line break). */
        private static int closingQuote(String s, int i) {
            char q = s.charAt(i);
            for (int k = i + 1; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c == '\n' || c == '\r' || c == '\\') {
                    return -1;
                }
                if (c == q) {
                    if (k + 1 < s.length() && s.charAt(k + 1) == q) {
                        k++;
                        continue;
                    }
                    return k + 1;
                }
                if (c < ' ' || c > '~') {
                    return -1;
                }
            }
            return -1;
        }

        private void add(int k, int from, int to) {
            if (size == kind.length) {
                kind = java.util.Arrays.copyOf(kind, size * 2);
                start = java.util.Arrays.copyOf(start, size * 2);
                end = java.util.Arrays.copyOf(end, size * 2);
            }
            kind[size] = k;
            start[size] = from;
            end[size] = to;
            size++;
        }

        String text(int i) {
            return text.substring(start[i], end[i]);
        }

        boolean wordIs(int i, String lower) {
            return kind[i] == WORD && end[i] - start[i] == lower.length() && text.regionMatches(true, start[i], lower, 0, lower.length());
        }

        boolean operatorIs(int i, String op) {
            return kind[i] == OPERATOR && end[i] - start[i] == op.length() && text.startsWith(op, start[i]);
        }

        boolean punctIs(int i, char c) {
            return kind[i] == PUNCT && text.charAt(start[i]) == c;
        }

        private static boolean isLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        private static boolean isWordChar(char c) {
            return isLetter(c) || c >= '0' && c <= '9' || c == '_';
        }
    }
}
