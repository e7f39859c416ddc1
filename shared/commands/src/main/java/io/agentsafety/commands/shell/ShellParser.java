package io.agentsafety.commands.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A hand-written recursive-descent parser for POSIX sh / bash syntax. It never throws: malformed input
 * (unterminated quotes, stray closers) is parsed as far as it goes, and {@link #problems()} says what was odd.
 * Work is bounded by a node budget and a nesting limit, so hostile input costs linear time and constant stack.
 *
 * <p>Past ~600 lines on purpose: a recursive-descent parser is one set of mutually recursive productions over one
 * cursor ({@code pos}, the nesting and node budgets, pending here-documents, the dialect flag); splitting the
 * productions across classes would pass that state around without making any part simpler. The syntax tree
 * ({@link Node}) and what the words mean (expansion, in {@code analysis}) live elsewhere.
 */
public final class ShellParser {

    private static final Set<String> CLOSERS = Set.of("then", "else", "elif", "fi", "do", "done", "esac", "}", "in");
    private static final int MAX_NESTING = 150;

    private final String s;
    private final int n;
    private int pos;
    private int nesting;
    private int nodes;
    private final int maxNodes;
    private final List<Node.Heredoc> pendingHeredocs = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean exhausted;
    /**
     * The POSIX reading (dash, the usual /bin/sh): {@code $'...'} and {@code $"..."} are a literal {@code $}
     * followed by a quoted string, so {@code $'a\' ; cmd ; \''} runs {@code cmd} there and not in bash.
     */
    private boolean posix;

    private ShellParser(String source, int maxNodes) {
        this.s = source;
        this.n = source.length();
        this.maxNodes = maxNodes;
    }

    /** Parses a whole script as bash reads it. */
    public static Result parse(String source, int maxNodes) {
        return parse(source, maxNodes, false);
    }

    /** Parses a whole script; {@code posix}: as dash reads it (no ANSI-C or locale quoting). */
    public static Result parse(String source, int maxNodes, boolean posix) {
        ShellParser parser = new ShellParser(source == null ? "" : source, maxNodes);
        parser.posix = posix;
        List<Node.Item> items = new ArrayList<>();
        while (true) {
            Node.Script part = parser.parseList(false);
            items.addAll(part.items());
            if (parser.atEnd()) {
                break;
            }
            // A stray closer at top level (`)`, `fi`, `}`): note it and carry on after it.
            parser.problems.add("unexpected '" + parser.peekToken() + "' at " + parser.pos);
            parser.skipStray();
        }
        return new Result(new Node.Script(items), List.copyOf(parser.problems), parser.exhausted, parser.nodes);
    }

    /**
     * Parses text that the shell expands but does not split into commands: the body of a here-document with an
     * unquoted delimiter, an arithmetic expression, a prompt string. {@code $( )}, backticks and {@code ${ }} are
     * parsed (so the command substitutions they hold can be analysed); everything else is literal text.
     */
    public static Word parseExpandable(String text, int maxNodes) {
        ShellParser parser = new ShellParser(text == null ? "" : text, maxNodes);
        List<Word.Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        while (parser.pos < parser.n && !parser.exhausted) {
            char c = parser.s.charAt(parser.pos);
            if (c == '\\' && parser.pos + 1 < parser.n && "$`\\\n".indexOf(parser.s.charAt(parser.pos + 1)) >= 0) {
                if (parser.s.charAt(parser.pos + 1) != '\n') {
                    lit.append(parser.s.charAt(parser.pos + 1));
                }
                parser.pos += 2;
            } else if (c == '$') {
                parser.flush(parts, lit, true);
                parser.parseDollar(parts, true);
            } else if (c == '`') {
                parser.flush(parts, lit, true);
                parts.add(parser.parseBacktick(true));
            } else {
                lit.append(c);
                parser.pos++;
            }
        }
        parser.flush(parts, lit, true);
        return new Word(parts);
    }

    /** The tree, the syntax problems met, and whether the node budget ran out (the rest was not parsed). */
    public record Result(Node.Script script, List<String> problems, boolean exhausted, int nodes) {
    }

    public List<String> problems() {
        return problems;
    }

    // ---------------------------------------------------------------- lists and commands

    private boolean atEnd() {
        return pos >= n || exhausted;
    }

    private boolean count() {
        if (++nodes > maxNodes) {
            exhausted = true;
        }
        return !exhausted;
    }

    private Node.Script parseList(boolean inParens) {
        List<Node.Item> items = new ArrayList<>();
        while (true) {
            skipSeparatorsAndNewlines();
            if (atEnd() || atListStop(inParens)) {
                break;
            }
            int before = pos;
            Node node = parseAndOr(inParens);
            skipBlanks();
            boolean background = false;
            if (peek(0) == '&' && peek(1) != '&' && peek(1) != '>') {
                background = true;
                pos++;
            } else if (peek(0) == ';' && peek(1) != ';' && peek(1) != '&') {
                pos++;
            }
            if (node != null) {
                items.add(new Node.Item(node, background));
            }
            if (pos == before) {
                // No progress (a stray operator such as `|` or `>` with nothing around): skip one char.
                problems.add("unexpected '" + s.charAt(pos) + "' at " + pos);
                pos++;
            }
        }
        return new Node.Script(items);
    }

    private boolean atListStop(boolean inParens) {
        char c = peek(0);
        if (c == ')') {
            return true;
        }
        if (c == ';' && (peek(1) == ';' || peek(1) == '&')) {
            return true;
        }
        String word = peekKeyword();
        return CLOSERS.contains(word) && !word.equals("in");
    }

    private void skipStray() {
        String token = peekToken();
        pos += Math.max(1, token.length());
    }

    private Node parseAndOr(boolean inParens) {
        List<Node> parts = new ArrayList<>();
        Node first = parsePipeline(inParens);
        if (first != null) {
            parts.add(first);
        }
        while (!atEnd()) {
            skipBlanks();
            if ((peek(0) == '&' && peek(1) == '&') || (peek(0) == '|' && peek(1) == '|')) {
                pos += 2;
                skipBlanksAndNewlines();
                Node next = parsePipeline(inParens);
                if (next != null) {
                    parts.add(next);
                }
            } else {
                break;
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : new Node.AndOr(parts);
    }

    private Node parsePipeline(boolean inParens) {
        skipBlanks();
        if (peek(0) == '!' && isBlankOrEnd(peek(1))) {
            pos++;
        }
        List<Node> stages = new ArrayList<>();
        while (!atEnd()) {
            Node stage = parseCommand(inParens);
            if (stage != null) {
                stages.add(stage);
            }
            skipBlanks();
            if (peek(0) == '|' && peek(1) != '|') {
                pos += peek(1) == '&' ? 2 : 1;
                skipBlanksAndNewlines();
            } else {
                break;
            }
        }
        if (stages.isEmpty()) {
            return null;
        }
        return stages.size() == 1 ? stages.get(0) : new Node.Pipeline(stages);
    }

    private Node parseCommand(boolean inParens) {
        skipBlanks();
        if (atEnd() || !count()) {
            return null;
        }
        if (nesting > MAX_NESTING) {
            problems.add("nesting too deep at " + pos);
            exhausted = true;
            return null;
        }
        nesting++;
        try {
            char c = peek(0);
            if (c == '(' && peek(1) == '(') {
                int end = findArithmeticEnd(pos + 2);
                String expr = s.substring(pos + 2, Math.max(pos + 2, end));
                pos = Math.min(n, end + 2);
                return new Node.Compound("((", null, List.of(literalWord(expr, true)), List.of(), parseRedirects());
            }
            if (c == '(') {
                pos++;
                Node.Script body = parseList(true);
                expect(')');
                return new Node.Subshell(body, parseRedirects());
            }
            String token = peekKeyword();
            switch (token) {
                case "{":
                    pos++;
                    Node.Script group = parseList(false);
                    expectWord("}");
                    return new Node.Group(group, parseRedirects());
                case "if":
                    return parseIf();
                case "while":
                case "until":
                    return parseWhile(token);
                case "for":
                case "select":
                    return parseFor(token);
                case "case":
                    return parseCase();
                case "function":
                    return parseFunctionKeyword();
                case "[[":
                    return parseDoubleBracket();
                case "time":
                case "!":
                    pos += token.length();
                    return parseCommand(inParens);
                default:
                    return parseSimple();
            }
        } finally {
            nesting--;
        }
    }

    private Node parseIf() {
        pos += 2;
        List<Node.Script> bodies = new ArrayList<>();
        bodies.add(parseList(false));
        while (!atEnd()) {
            String token = peekKeyword();
            if (token.equals("then") || token.equals("else")) {
                pos += token.length();
                bodies.add(parseList(false));
            } else if (token.equals("elif")) {
                pos += 4;
                bodies.add(parseList(false));
            } else {
                break;
            }
        }
        expectWord("fi");
        return new Node.Compound("if", null, List.of(), bodies, parseRedirects());
    }

    private Node parseWhile(String keyword) {
        pos += keyword.length();
        Node.Script condition = parseList(false);
        Node.Script body = parseDoGroup();
        return new Node.Compound(keyword, null, List.of(), List.of(condition, body), parseRedirects());
    }

    private Node.Script parseDoGroup() {
        skipSeparatorsAndNewlines();
        if (peekKeyword().equals("{")) {
            pos++;
            Node.Script body = parseList(false);
            expectWord("}");
            return body;
        }
        expectWord("do");
        Node.Script body = parseList(false);
        expectWord("done");
        return body;
    }

    private Node parseFor(String keyword) {
        pos += keyword.length();
        skipBlanks();
        List<Word> words = new ArrayList<>();
        String variable = null;
        if (peek(0) == '(' && peek(1) == '(') {
            // for ((init; test; step)): arithmetic, whose command substitutions run (the interpreter expands it)
            int end = findArithmeticEnd(pos + 2);
            words.add(new Word(List.of(new Word.Arithmetic(s.substring(pos + 2, Math.max(pos + 2, end))))));
            pos = Math.min(n, end + 2);
        } else {
            Word name = parseWord();
            variable = name == null ? null : name.literal();
            skipBlanksAndNewlines();
            if (peekKeyword().equals("in")) {
                pos += 2;
                while (!atEnd()) {
                    skipBlanks();
                    char c = peek(0);
                    if (c == ';' || c == '\n' || c == '&' || c == ')' || c == '|') {
                        break;
                    }
                    Word w = parseWord();
                    if (w == null) {
                        break;
                    }
                    words.add(w);
                }
            }
        }
        Node.Script body = parseDoGroup();
        return new Node.Compound(keyword, variable, words, List.of(body), parseRedirects());
    }

    private Node parseCase() {
        pos += 4;
        skipBlanks();
        Word subject = parseWord();
        skipBlanksAndNewlines();
        if (peekKeyword().equals("in")) {
            pos += 2;
        }
        List<Node.Script> bodies = new ArrayList<>();
        while (!atEnd()) {
            skipSeparatorsAndNewlines();
            if (peekKeyword().equals("esac") || atEnd()) {
                break;
            }
            // Pattern list up to the unquoted ')'.
            if (peek(0) == '(') {
                pos++;
            }
            int guard = pos;
            while (!atEnd() && peek(0) != ')') {
                skipBlanks();
                if (peek(0) == '|') {
                    pos++;
                    continue;
                }
                Word pattern = parseWord();
                if (pattern == null) {
                    if (peek(0) != ')') {
                        pos++;
                    }
                }
            }
            if (peek(0) == ')') {
                pos++;
            }
            bodies.add(parseList(false));
            if (peek(0) == ';') {
                pos += peek(1) == ';' || peek(1) == '&' ? (peek(2) == '&' ? 3 : 2) : 1;
            }
            if (pos == guard && pos < n) {
                pos++;
            }
        }
        expectWord("esac");
        return new Node.Compound("case", null, subject == null ? List.of() : List.of(subject), bodies, parseRedirects());
    }

    private Node parseFunctionKeyword() {
        pos += 8;
        skipBlanks();
        Word name = parseWord();
        skipBlanks();
        if (peek(0) == '(' && peek(1) == ')') {
            pos += 2;
        } else if (peek(0) == '(') {
            pos++;
            skipBlanks();
            expect(')');
        }
        skipBlanksAndNewlines();
        Node body = parseCommand(false);
        String fname = name == null || name.literal() == null ? "" : name.literal();
        return new Node.FunctionDef(fname, body == null ? new Node.Script(List.of()) : body);
    }

    /** {@code [[ ... ]]}: its operands are words (with substitutions that run), its operators are not commands. */
    private Node parseDoubleBracket() {
        pos += 2;
        List<Word> words = new ArrayList<>();
        while (!atEnd()) {
            skipBlanksAndNewlines();
            if (peek(0) == ']' && peek(1) == ']') {
                pos += 2;
                break;
            }
            char c = peek(0);
            if (c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')' || c == ';') {
                pos++;
                continue;
            }
            Word w = parseWord();
            if (w == null) {
                pos++;
            } else {
                words.add(w);
            }
        }
        return new Node.Compound("[[", null, words, List.of(), parseRedirects());
    }

    private Node parseSimple() {
        List<Node.Assignment> assignments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Node.Redirect> redirects = new ArrayList<>();
        while (!atEnd()) {
            skipBlanks();
            char c = peek(0);
            if (atEnd() || c == '\n' || c == ';' || c == '&' && peek(1) != '>' || c == '|' || c == ')') {
                break;
            }
            if (isRedirectStart()) {
                Node.Redirect r = parseRedirect();
                if (r != null) {
                    redirects.add(r);
                }
                continue;
            }
            if (c == '(') {
                int close = pos + 1;
                while (close < n && (s.charAt(close) == ' ' || s.charAt(close) == '\t')) {
                    close++;
                }
                if (close < n && s.charAt(close) != ')') {
                    // `iex (iwr URL)`: not a function definition (a syntax error in bash) but PowerShell's call
                    // syntax; the parenthesised commands run and their output is an argument.
                    problems.add("'(' inside a command at " + pos);
                    pos++;
                    Node.Script inner = nested(() -> parseList(true));
                    expect(')');
                    words.add(new Word(List.of(new Word.CommandSub(inner, false))));
                    continue;
                }
                if (words.size() == 1 && assignments.isEmpty() && words.get(0).literal() != null) {
                    // name() compound-command
                    pos++;
                    skipBlanks();
                    expect(')');
                    skipBlanksAndNewlines();
                    Node body = parseCommand(false);
                    return new Node.FunctionDef(words.get(0).literal(), body == null ? new Node.Script(List.of()) : body);
                }
                problems.add("unexpected '(' at " + pos);
                pos++;
                continue;
            }
            int start = pos;
            if (words.isEmpty()) {
                Node.Assignment assignment = tryAssignment();
                if (assignment != null) {
                    assignments.add(assignment);
                    continue;
                }
            }
            Word word = parseWord();
            if (word == null) {
                if (pos == start) {
                    break;
                }
                continue;
            }
            if (!count()) {
                break;
            }
            words.add(word);
        }
        if (words.isEmpty() && assignments.isEmpty() && redirects.isEmpty()) {
            return null;
        }
        return new Node.Simple(assignments, words, redirects);
    }

    private Node.Assignment tryAssignment() {
        int i = pos;
        if (i >= n || !(Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
            return null;
        }
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        if (i < n && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0) {
                return null;
            }
            i = close + 1;
        }
        int nameEnd = i;
        if (i < n && s.charAt(i) == '+') {
            i++;
        }
        if (i >= n || s.charAt(i) != '=') {
            return null;
        }
        String name = s.substring(pos, nameEnd);
        int bracket = name.indexOf('[');
        Word.Subscript subscript = null;
        if (bracket >= 0) {
            String index = name.substring(bracket + 1, name.length() - 1);
            if (index.indexOf('$') >= 0 || index.indexOf('`') >= 0) {
                subscript = new Word.Subscript(index);
            }
            name = name.substring(0, bracket);
        }
        pos = i + 1;
        if (peek(0) == '(') {
            // Array assignment: elements are words; keep them as one space-joined word.
            pos++;
            List<Word.Part> parts = new ArrayList<>();
            while (!atEnd()) {
                skipBlanksAndNewlines();
                if (peek(0) == ')') {
                    pos++;
                    break;
                }
                Word element = parseWord();
                if (element == null) {
                    pos++;
                    continue;
                }
                if (!parts.isEmpty()) {
                    parts.add(new Word.Lit(" ", false));
                }
                parts.addAll(element.parts());
            }
            return new Node.Assignment(name, new Word(parts), true);
        }
        // x=<(cmd): bash accepts a process substitution as an assignment value (BASH_ENV=<(...) bash -c true)
        boolean processSub = (peek(0) == '<' || peek(0) == '>') && peek(1) == '(';
        Word value = isWordEnd(peek(0)) && !processSub ? new Word(List.of()) : parseWord();
        if (subscript != null) {
            List<Word.Part> parts = new ArrayList<>();
            parts.add(subscript);
            parts.addAll(value == null ? List.of() : value.parts());
            value = new Word(parts);
        }
        return new Node.Assignment(name, value == null ? new Word(List.of()) : value, false);
    }

    // ---------------------------------------------------------------- redirections and heredocs

    private boolean isRedirectStart() {
        int i = pos;
        while (i < n && Character.isDigit(s.charAt(i)) && i - pos < 3) {
            i++;
        }
        if (i < n && s.charAt(i) == '{' && i == pos) {
            return false;
        }
        char c = i < n ? s.charAt(i) : 0;
        if (c == '&' && i + 1 < n && s.charAt(i + 1) == '>' && i == pos) {
            return true;
        }
        if (c == '<' || c == '>') {
            // <( and >( are process substitutions (words), not redirections.
            return !(i == pos && i + 1 < n && s.charAt(i + 1) == '(');
        }
        return false;
    }

    private Node.Redirect parseRedirect() {
        int fdStart = pos;
        while (pos < n && Character.isDigit(s.charAt(pos))) {
            pos++;
        }
        int fd = -1;
        if (pos > fdStart) {
            try {
                fd = Integer.parseInt(s.substring(fdStart, pos));
            } catch (NumberFormatException e) {
                fd = -1;
            }
        }
        String op = readOperator();
        skipBlanks();
        if (op.equals("<<") || op.equals("<<-")) {
            Word delimiterWord = parseWord();
            String delimiter = delimiterWord == null ? "" : quoteRemoved(delimiterWord);
            boolean quoted = delimiterWord != null && delimiterWord.parts().stream()
                .anyMatch(p -> p instanceof Word.Lit lit && lit.quoted());
            Node.Heredoc heredoc = new Node.Heredoc(delimiter, op.equals("<<-"), quoted);
            pendingHeredocs.add(heredoc);
            return new Node.Redirect(fd < 0 ? 0 : fd, op, delimiterWord, heredoc);
        }
        if (op.endsWith("&") && (peek(0) == '-' || Character.isDigit(peek(0)))) {
            // fd duplication such as 2>&1 or >&-: not a file.
            int start = pos;
            while (pos < n && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '-')) {
                pos++;
            }
            return new Node.Redirect(fd, op + s.substring(start, pos), null, null);
        }
        Word target = parseWord();
        if (target == null) {
            problems.add("redirection without a target at " + pos);
            return null;
        }
        String normalizedOp = op.equals(">&") ? "&>" : op;
        return new Node.Redirect(fd < 0 ? (op.startsWith("<") ? 0 : 1) : fd, normalizedOp, target, null);
    }

    private String readOperator() {
        String[] ops = {"&>>", "<<<", "<<-", "&>", ">>", ">|", ">&", "<&", "<<", "<>", ">", "<"};
        for (String op : ops) {
            if (s.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        pos++;
        return String.valueOf(s.charAt(pos - 1));
    }

    private static String quoteRemoved(Word word) {
        StringBuilder sb = new StringBuilder();
        for (Word.Part part : word.parts()) {
            if (part instanceof Word.Lit lit) {
                sb.append(lit.text());
            } else if (part instanceof Word.Param p) {
                sb.append('$').append(p.name());
            }
        }
        return sb.toString();
    }

    /** Consumes a newline and then the bodies of the heredocs started on the line it ends. */
    private void consumeNewline() {
        pos++;
        if (pendingHeredocs.isEmpty()) {
            return;
        }
        List<Node.Heredoc> heredocs = new ArrayList<>(pendingHeredocs);
        pendingHeredocs.clear();
        for (Node.Heredoc heredoc : heredocs) {
            StringBuilder body = new StringBuilder();
            boolean closed = false;
            while (pos < n) {
                int eol = s.indexOf('\n', pos);
                int end = eol < 0 ? n : eol;
                String line = s.substring(pos, end);
                pos = eol < 0 ? n : eol + 1;
                String compare = heredoc.stripTabs ? line.replaceFirst("^\t+", "") : line;
                if (compare.equals(heredoc.delimiter)) {
                    closed = true;
                    break;
                }
                body.append(compare).append('\n');
            }
            if (!closed) {
                problems.add("heredoc '" + heredoc.delimiter + "' is not terminated");
            }
            heredoc.body = body.toString();
        }
    }

    private List<Node.Redirect> parseRedirects() {
        List<Node.Redirect> redirects = new ArrayList<>();
        while (!atEnd()) {
            skipBlanks();
            if (!isRedirectStart()) {
                break;
            }
            Node.Redirect r = parseRedirect();
            if (r != null) {
                redirects.add(r);
            }
        }
        return redirects;
    }

    // ---------------------------------------------------------------- words

    private boolean isWordEnd(char c) {
        return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>'
            || c == '(' || c == ')' || c == '\r';
    }

    /** Parses one word at pos; null when no word starts here. */
    Word parseWord() {
        Word plain = plainWord();
        if (plain != null) {
            return plain;
        }
        List<Word.Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int start = pos;
        if (peek(0) == '~') {
            int i = pos + 1;
            while (i < n && !isWordEnd(s.charAt(i)) && s.charAt(i) != '/' && s.charAt(i) != ':'
                && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-' || s.charAt(i) == '.')) {
                i++;
            }
            parts.add(new Word.Tilde(s.substring(pos + 1, i)));
            pos = i;
        }
        while (pos < n && !exhausted) {
            char c = s.charAt(pos);
            // <(cmd) starts a word, or follows `=` in one (export BASH_ENV=<(cmd): bash substitutes it there too)
            if ((c == '<' || c == '>') && peek(1) == '(' && (pos == start || s.charAt(pos - 1) == '=')) {
                flush(parts, lit, false);
                pos += 2;
                Node.Script body = nested(() -> parseList(true));
                expect(')');
                parts.add(new Word.ProcessSub(body, c == '<'));
                continue;
            }
            if (isWordEnd(c)) {
                break;
            }
            switch (c) {
                case '\\' -> {
                    if (peek(1) == '\n') {
                        pos += 2;
                    } else if (pos + 1 < n) {
                        flush(parts, lit, false);
                        parts.add(new Word.Lit(String.valueOf(s.charAt(pos + 1)), true));
                        pos += 2;
                    } else {
                        pos++;
                    }
                }
                case '\'' -> {
                    flush(parts, lit, false);
                    int close = s.indexOf('\'', pos + 1);
                    if (close < 0) {
                        problems.add("unterminated single quote at " + pos);
                        close = n;
                    }
                    parts.add(new Word.Lit(s.substring(pos + 1, close), true));
                    pos = Math.min(n, close + 1);
                }
                case '"' -> {
                    flush(parts, lit, false);
                    pos++;
                    parseDoubleQuoted(parts);
                }
                case '`' -> {
                    flush(parts, lit, false);
                    parts.add(parseBacktick(false));
                }
                case '$' -> {
                    flush(parts, lit, false);
                    parseDollar(parts, false);
                }
                default -> {
                    lit.append(c);
                    pos++;
                }
            }
        }
        flush(parts, lit, false);
        if (parts.isEmpty() && pos == start) {
            return null;
        }
        return new Word(parts);
    }

    /**
     * Most words are one unquoted literal run ({@code docker}, {@code -rf}, {@code ./dist}): read as one substring, without
     * the part list and buffer of {@link #parseWord}. Null (pos unchanged) when the word holds anything else: a quote, an
     * escape, an expansion, a leading {@code ~}, or ends at a {@code <}/{@code >} (a process substitution may continue it).
     */
    private Word plainWord() {
        if (exhausted || pos >= n || s.charAt(pos) == '~') {
            return null;
        }
        int i = pos;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\'' || c == '"' || c == '`' || c == '$' || c == '<' || c == '>') {
                return null;
            }
            if (isWordEnd(c)) {
                break;
            }
            i++;
        }
        if (i == pos) {
            return null;
        }
        Word word = new Word(List.of(new Word.Lit(s.substring(pos, i), false)));
        pos = i;
        return word;
    }

    private void flush(List<Word.Part> parts, StringBuilder lit, boolean quoted) {
        if (lit.length() > 0) {
            parts.add(new Word.Lit(lit.toString(), quoted));
            lit.setLength(0);
        }
    }

    private void parseDoubleQuoted(List<Word.Part> parts) {
        StringBuilder lit = new StringBuilder();
        int partsBefore = parts.size();
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                flush(parts, lit, true);
                if (parts.size() == partsBefore) {
                    parts.add(new Word.Lit("", true)); // "" is an argument of its own: an empty one
                }
                return;
            }
            if (c == '\\' && pos + 1 < n) {
                char next = s.charAt(pos + 1);
                if (next == '\n') {
                    pos += 2;
                    continue;
                }
                if (next == '$' || next == '`' || next == '"' || next == '\\') {
                    lit.append(next);
                    pos += 2;
                    continue;
                }
                lit.append(c);
                pos++;
                continue;
            }
            if (c == '$') {
                flush(parts, lit, true);
                parseDollar(parts, true);
                continue;
            }
            if (c == '`') {
                flush(parts, lit, true);
                parts.add(parseBacktick(true));
                continue;
            }
            lit.append(c);
            pos++;
        }
        problems.add("unterminated double quote");
        flush(parts, lit, true);
    }

    private Word.Part parseBacktick(boolean quoted) {
        StringBuilder inner = new StringBuilder();
        pos++;
        boolean closed = false;
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '\\' && pos + 1 < n && "`\\$".indexOf(s.charAt(pos + 1)) >= 0) {
                inner.append(s.charAt(pos + 1));
                pos += 2;
                continue;
            }
            if (c == '`') {
                pos++;
                closed = true;
                break;
            }
            inner.append(c);
            pos++;
        }
        if (!closed) {
            problems.add("unterminated backtick");
        }
        Result sub = subParse(inner.toString());
        return new Word.CommandSub(sub.script(), quoted);
    }

    private Result subParse(String text) {
        if (nesting > MAX_NESTING) {
            exhausted = true;
            return new Result(new Node.Script(List.of()), List.of(), true, 0);
        }
        ShellParser sub = new ShellParser(text, Math.max(0, maxNodes - nodes));
        sub.nesting = nesting + 1;
        sub.posix = posix;
        Result result = parse(sub);
        nodes += sub.nodes;
        if (sub.exhausted) {
            exhausted = true;
        }
        problems.addAll(sub.problems);
        return result;
    }

    private static Result parse(ShellParser parser) {
        List<Node.Item> items = new ArrayList<>();
        while (true) {
            items.addAll(parser.parseList(false).items());
            if (parser.atEnd()) {
                break;
            }
            parser.problems.add("unexpected '" + parser.peekToken() + "'");
            parser.skipStray();
        }
        return new Result(new Node.Script(items), parser.problems, parser.exhausted, parser.nodes);
    }

    private void parseDollar(List<Word.Part> parts, boolean quoted) {
        char next = peek(1);
        if (next == '(' && peek(2) == '(') {
            int end = findArithmeticEnd(pos + 3);
            parts.add(new Word.Arithmetic(s.substring(pos + 3, Math.max(pos + 3, end))));
            pos = Math.min(n, end + 2);
            return;
        }
        if (next == '(') {
            pos += 2;
            Node.Script body = nested(() -> parseList(true));
            expect(')');
            parts.add(new Word.CommandSub(body, quoted));
            return;
        }
        if ((next == '\'' || next == '"') && !quoted && posix) {
            parts.add(new Word.Lit("$", false));
            pos++;
            return;
        }
        if (next == '\'' && !quoted) {
            pos += 2;
            parts.add(new Word.Lit(AnsiC.decode(s, this), true));
            return;
        }
        if (next == '"' && !quoted) {
            pos += 2;
            parseDoubleQuoted(parts);
            return;
        }
        if (next == '{') {
            int close = findBraceEnd(pos + 2);
            String inner = s.substring(pos + 2, Math.max(pos + 2, close));
            pos = Math.min(n, close + 1);
            int bracket = inner.indexOf('[');
            int closeBracket = inner.lastIndexOf(']');
            if (bracket > 0 && closeBracket > bracket + 1) {
                String index = inner.substring(bracket + 1, closeBracket);
                if (index.indexOf('$') >= 0 || index.indexOf('`') >= 0) {
                    // ${a[$(cmd)]}: an indexed array's subscript is arithmetic, and its substitutions run
                    parts.add(new Word.Subscript(index));
                }
            }
            parts.add(ParamExpansion.parse(inner, quoted, this::subParseWord));
            return;
        }
        if (Character.isLetter(next) || next == '_') {
            int i = pos + 1;
            while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            parts.add(new Word.Param(s.substring(pos + 1, i), null, null, quoted));
            pos = i;
            return;
        }
        if (Character.isDigit(next) || "@*#?$!-".indexOf(next) >= 0 && next != 0) {
            parts.add(new Word.Param(String.valueOf(next), null, null, quoted));
            pos += 2;
            return;
        }
        parts.add(new Word.Lit("$", quoted));
        pos++;
    }

    /** Parses the text of a parameter-expansion operand (the {@code word} in {@code ${x:-word}}) as a word. */
    private Word subParseWord(String text) {
        ShellParser sub = new ShellParser(text, Math.max(0, maxNodes - nodes));
        sub.nesting = nesting + 1;
        sub.posix = posix;
        List<Word.Part> parts = new ArrayList<>();
        while (sub.pos < sub.n && !sub.exhausted) {
            Word w = sub.parseWord();
            if (w != null) {
                parts.addAll(w.parts());
            }
            if (sub.pos < sub.n) {
                parts.add(new Word.Lit(String.valueOf(sub.s.charAt(sub.pos)), false));
                sub.pos++;
            }
        }
        nodes += sub.nodes;
        return new Word(parts);
    }

    /** Reads the ANSI-C quoted string {@code $'...'} starting at pos; called back by {@link AnsiC}. */
    int position() {
        return pos;
    }

    void position(int newPos) {
        pos = newPos;
    }

    void problem(String text) {
        problems.add(text);
    }

    private int findBraceEnd(int from) {
        int depth = 1;
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\'') {
                int close = s.indexOf('\'', i + 1);
                i = close < 0 ? n : close + 1;
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
            i++;
        }
        problems.add("unterminated ${");
        return n;
    }

    private int findArithmeticEnd(int from) {
        int depth = 0;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0 && i + 1 < n && s.charAt(i + 1) == ')') {
                    return i;
                }
                depth = Math.max(0, depth - 1);
            }
        }
        problems.add("unterminated arithmetic");
        return n;
    }

    private <T> T nested(java.util.function.Supplier<T> body) {
        nesting++;
        try {
            if (nesting > MAX_NESTING) {
                exhausted = true;
                problems.add("nesting too deep");
            }
            return body.get();
        } finally {
            nesting--;
        }
    }

    private static Word literalWord(String text, boolean quoted) {
        return new Word(List.of(new Word.Lit(text, quoted)));
    }

    // ---------------------------------------------------------------- lexical helpers

    private char peek(int offset) {
        int i = pos + offset;
        return i < n && i >= 0 ? s.charAt(i) : 0;
    }

    private static boolean isBlankOrEnd(char c) {
        return c == 0 || c == ' ' || c == '\t' || c == '\n';
    }

    /** The plain token at pos (used for reserved words); empty when a quote or operator starts here. */
    /** Every word the grammar compares {@link #peekKeyword} with. */
    private static final String[] KEYWORDS = {"then", "else", "elif", "fi", "do", "done", "esac", "}", "in", "{", "if",
        "while", "until", "for", "select", "case", "function", "[[", "time", "!"};

    /**
     * {@link #peekToken} when it is one of {@link #KEYWORDS}, else "" (which is none): what the grammar's keyword checks
     * need, without a substring for every ordinary command word.
     */
    private String peekKeyword() {
        int i = pos;
        while (i < n && !isWordEnd(s.charAt(i)) && s.charAt(i) != '\'' && s.charAt(i) != '"' && s.charAt(i) != '$'
            && s.charAt(i) != '`' && s.charAt(i) != '\\') {
            i++;
        }
        if (i < n && !isWordEnd(s.charAt(i)) || i == pos) {
            return ""; // a token of one word-end character (; & | < > ( ) blanks) is no keyword either
        }
        int length = i - pos;
        for (String keyword : KEYWORDS) {
            if (keyword.length() == length && s.startsWith(keyword, pos)) {
                return keyword;
            }
        }
        return "";
    }

    private String peekToken() {
        int i = pos;
        while (i < n && !isWordEnd(s.charAt(i)) && s.charAt(i) != '\'' && s.charAt(i) != '"' && s.charAt(i) != '$'
            && s.charAt(i) != '`' && s.charAt(i) != '\\') {
            i++;
        }
        if (i < n && !isWordEnd(s.charAt(i))) {
            return "";
        }
        if (i == pos && pos < n) {
            return String.valueOf(s.charAt(pos));
        }
        return s.substring(pos, i);
    }

    private void skipBlanks() {
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && peek(1) == '\n') {
                pos += 2;
            } else if (c == '#') {
                int eol = s.indexOf('\n', pos);
                pos = eol < 0 ? n : eol;
            } else {
                break;
            }
        }
    }

    private void skipBlanksAndNewlines() {
        while (pos < n) {
            skipBlanks();
            if (peek(0) == '\n') {
                consumeNewline();
            } else {
                break;
            }
        }
    }

    private void skipSeparatorsAndNewlines() {
        while (pos < n) {
            skipBlanksAndNewlines();
            if (peek(0) == ';' && peek(1) != ';' && peek(1) != '&') {
                pos++;
            } else {
                break;
            }
        }
    }

    private void expect(char c) {
        skipBlanksAndNewlines();
        if (peek(0) == c) {
            pos++;
        } else {
            problems.add("expected '" + c + "' at " + pos);
        }
    }

    private void expectWord(String word) {
        skipSeparatorsAndNewlines();
        if (peekKeyword().equals(word)) {
            pos += word.length();
        } else {
            problems.add("expected '" + word + "' at " + pos);
        }
    }
}
