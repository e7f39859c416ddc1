package io.agentsafety.commands.analysis;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies SQL statements with JSqlParser: {@code drop_table}, {@code drop_database}, {@code drop_other},
 * {@code truncate}, {@code delete_all} / {@code update_all} (no WHERE, or a WHERE that is always true),
 * {@code alter_drop}. Statements the parser rejects fall back to a conservative keyword scan, reported as such.
 * Only destructive statements are returned.
 */
public final class SqlAnalyzer {

    /** Longer statements go to the keyword scan: the generated parser's backtracking is not bounded. */
    private static final int MAX_PARSE_CHARS = 8192;
    private static final int MAX_STATEMENTS = 200;

    public record Statement(String kind, String text, boolean parsed) {
    }

    public List<Statement> analyze(String sql) {
        List<Statement> out = new ArrayList<>();
        if (sql == null || sql.isBlank()) {
            return out;
        }
        List<String> pieces = SqlSplitter.split(sql, MAX_STATEMENTS);
        for (String piece : pieces) {
            String trimmed = piece.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!mayBeDestructive(trimmed) || provenFiltered(trimmed)) {
                continue;
            }
            judge(trimmed, out);
        }
        return out;
    }

    /**
     * A DELETE/UPDATE whose row filter is proven without the parse ({@link FilteredDml}) and that neither the keyword
     * scan (what decides when the parse fails) nor its nested DML flags: {@link #judge} would report nothing.
     */
    static boolean provenFiltered(String trimmed) {
        return trimmed.length() <= MAX_PARSE_CHARS && FilteredDml.proven(trimmed) && keywordScan(trimmed) == null
            && nestedKinds(trimmed).isEmpty();
    }

    /** Parses one statement (the keyword scan where that fails) and adds what it destroys, if anything. */
    static void judge(String trimmed, List<Statement> out) {
        net.sf.jsqlparser.statement.Statement parsed = trimmed.length() <= MAX_PARSE_CHARS ? parse(trimmed) : null;
        String kind = parsed != null ? classify(parsed) : keywordScan(trimmed);
        if (kind != null) {
            out.add(new Statement(kind, abbreviate(trimmed), parsed != null));
        } else {
            // WITH d AS (DELETE FROM users RETURNING id) SELECT ...: the DML inside runs all the same
            for (String nested : nestedKinds(trimmed)) {
                out.add(new Statement(nested, abbreviate(trimmed), parsed != null));
            }
        }
    }

    private static final int MAX_NESTED = 32;
    private static final Pattern NESTED_DML = Pattern.compile("^\\s*(?i:DELETE|UPDATE)\\b");

    /**
     * Kinds of the data-modifying statements nested in parentheses (CTE items {@code WITH x AS (UPDATE ...)}, also
     * doubly parenthesised), judged like top-level ones: a paren-aware scan, linear in the text, at most
     * {@value #MAX_NESTED} items.
     */
    static List<String> nestedKinds(String statement) {
        String text = SqlSplitter.stripLiterals(statement);
        List<String> kinds = new ArrayList<>();
        java.util.ArrayDeque<Integer> opens = new java.util.ArrayDeque<>();
        int items = 0;
        for (int i = 0; i < text.length() && items < MAX_NESTED; i++) {
            char c = text.charAt(i);
            if (c == '(') {
                opens.push(i);
            } else if (c == ')' && !opens.isEmpty()) {
                int start = opens.pop() + 1;
                if (!NESTED_DML.matcher(text.substring(start, Math.min(i, start + 64))).find()) {
                    continue;
                }
                items++;
                String inner = text.substring(start, i).trim();
                net.sf.jsqlparser.statement.Statement parsed = inner.length() <= MAX_PARSE_CHARS ? parse(inner) : null;
                String kind = parsed != null ? classify(parsed) : keywordScan(inner);
                if (kind != null && !kinds.contains(kind)) {
                    kinds.add(kind);
                }
            }
        }
        return kinds;
    }

    /** Whether the text is SQL JSqlParser accepts (used to recognise a bare SQL statement given as a command). */
    public boolean parses(String sql) {
        List<String> pieces = SqlSplitter.split(sql, MAX_STATEMENTS);
        boolean any = false;
        for (String piece : pieces) {
            if (piece.isBlank()) {
                continue;
            }
            if (piece.length() > MAX_PARSE_CHARS || parse(piece.trim()) == null) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** Only these statement kinds can be destructive; others (SELECT, INSERT, CREATE...) need no parse. */
    private static final java.util.Set<String> DESTRUCTIVE_VERBS = java.util.Set.of("DROP", "TRUNCATE", "DELETE", "UPDATE",
        "ALTER", "WITH", "MERGE", "REPLACE");

    static boolean mayBeDestructive(String statement) {
        int i = 0;
        while (i < statement.length() && (Character.isWhitespace(statement.charAt(i)) || statement.charAt(i) == '(')) {
            i++;
        }
        int end = i;
        while (end < statement.length() && Character.isLetter(statement.charAt(end))) {
            end++;
        }
        return DESTRUCTIVE_VERBS.contains(statement.substring(i, end).toUpperCase(Locale.ROOT));
    }

    private static net.sf.jsqlparser.statement.Statement parse(String text) {
        try {
            // Parsed on the calling thread (CCJSqlParserUtil.parse would hop to an executor for its timeout);
            // the statement length cap above bounds the work instead. Without complex parsing: JSqlParser's retry in
            // that mode backtracks exponentially on unbalanced parentheses (the fuzzer's "SET admin = fal(( WHERE"
            // took seconds of CPU, one more "(" minutes); what needs it falls back to the keyword scan.
            CCJSqlParser parser = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(false);
            return parser.Statement();
        } catch (Exception | Error e) {
            // ParseException, TokenMgrError, StackOverflowError: not parseable, use the keyword scan.
            return null;
        }
    }

    static String classify(net.sf.jsqlparser.statement.Statement statement) {
        if (statement instanceof Drop drop) {
            String type = drop.getType() == null ? "" : drop.getType().toUpperCase(Locale.ROOT);
            if (type.equals("TABLE")) {
                return "drop_table";
            }
            if (type.equals("DATABASE") || type.equals("SCHEMA") || type.equals("KEYSPACE")) {
                return "drop_database";
            }
            return "drop_other";
        }
        if (statement instanceof Truncate) {
            return "truncate";
        }
        if (statement instanceof Delete delete) {
            return delete.getWhere() == null || alwaysTrue(delete.getWhere()) ? "delete_all" : null;
        }
        if (statement instanceof Update update) {
            return update.getWhere() == null || alwaysTrue(update.getWhere()) ? "update_all" : null;
        }
        if (statement instanceof Alter alter && alter.getAlterExpressions() != null) {
            for (AlterExpression expression : alter.getAlterExpressions()) {
                if (expression.getOperation() == AlterOperation.DROP) {
                    return "alter_drop";
                }
            }
        }
        return null;
    }

    // The regexes of alwaysTrue, keywordScan and abbreviate, compiled once (String.matches/replaceAll compile per call).
    private static final Pattern SAME_SIDES = Pattern.compile("(\\S+)\\s*=\\s*\\1");
    private static final Pattern EVERY_ID = Pattern.compile("(\\w+\\.)?\"?id\"?\\s*(>\\s*0|>=\\s*[01]|>\\s*-\\s*\\d+|is not null|<>\\s*0|!=\\s*0)");
    private static final Pattern LIKE_ANYTHING = Pattern.compile("\\S+\\s+like\\s+'%+'");
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[;\\s]+$");
    private static final Pattern TAUTOLOGY = Pattern.compile("\\(?\\s*(1\\s*=\\s*1|TRUE|(\\S+)\\s*=\\s*\\3)\\s*\\)?");
    private static final Pattern OR_TAUTOLOGY = Pattern.compile(".*\\bOR\\s+(1\\s*=\\s*1|TRUE)\\b.*");

    /** WHERE clauses that select every row: {@code 1=1}, {@code true}, {@code x = x}, {@code ... OR 1=1}. */
    static boolean alwaysTrue(Expression where) {
        if (where instanceof OrExpression or) {
            return alwaysTrue(or.getLeftExpression()) || alwaysTrue(or.getRightExpression());
        }
        if (where instanceof AndExpression and) {
            return alwaysTrue(and.getLeftExpression()) && alwaysTrue(and.getRightExpression());
        }
        if (where instanceof EqualsTo eq) {
            return eq.getLeftExpression().toString().equalsIgnoreCase(eq.getRightExpression().toString());
        }
        String text = where.toString().trim().toLowerCase(Locale.ROOT);
        if (text.length() > 1000) {
            return false;
        }
        while (text.startsWith("(") && text.endsWith(")")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        if (SAME_SIDES.matcher(text).matches()) {
            return true;
        }
        // Disguised "every row": the conventional primary key compared with what every key satisfies, or LIKE '%'.
        if (EVERY_ID.matcher(text).matches() || LIKE_ANYTHING.matcher(text).matches()) {
            return true;
        }
        return text.equals("true") || text.equals("1") || text.equals("not false") || text.equals("1 = 1");
    }

    private static final Pattern DROP = Pattern.compile("^DROP\\s+(?:TEMPORARY\\s+)?(TABLE|DATABASE|SCHEMA|\\w+)\\b");
    private static final Pattern DELETE = Pattern.compile("^DELETE\\s+(?:FROM\\s+)?\\S+(.*)$", Pattern.DOTALL);
    private static final Pattern UPDATE = Pattern.compile("^UPDATE\\s+\\S+\\s+SET\\b(.*)$", Pattern.DOTALL);
    private static final Pattern WHERE = Pattern.compile("\\bWHERE\\b(.*)$", Pattern.DOTALL);

    /** Conservative scan of a statement the parser rejected (strings and comments removed first). */
    static String keywordScan(String statement) {
        String text = BLANKS.matcher(SqlSplitter.stripLiterals(statement).trim().toUpperCase(Locale.ROOT)).replaceAll(" ");
        Matcher drop = DROP.matcher(text);
        if (drop.find()) {
            String type = drop.group(1);
            return type.equals("TABLE") ? "drop_table"
                : type.equals("DATABASE") || type.equals("SCHEMA") || type.equals("KEYSPACE") ? "drop_database" : "drop_other";
        }
        if (text.startsWith("TRUNCATE ")) {
            return "truncate";
        }
        Matcher delete = DELETE.matcher(text);
        if (delete.find()) {
            Matcher where = WHERE.matcher(delete.group(1));
            return !where.find() || isTautologyText(where.group(1)) ? "delete_all" : null;
        }
        Matcher update = UPDATE.matcher(text);
        if (update.find()) {
            Matcher where = WHERE.matcher(update.group(1));
            return !where.find() || isTautologyText(where.group(1)) ? "update_all" : null;
        }
        if (text.startsWith("ALTER TABLE ") && text.contains(" DROP ")) {
            return "alter_drop";
        }
        return null;
    }

    private static boolean isTautologyText(String where) {
        if (where.length() > 1000) {
            return false; // tautologies worth flagging are short; bounding keeps the patterns linear
        }
        String w = TRAILING_SEMICOLONS.matcher(where.trim()).replaceAll("");
        return TAUTOLOGY.matcher(w).matches() || OR_TAUTOLOGY.matcher(w).matches();
    }

    private static String abbreviate(String text) {
        String one = BLANKS.matcher(text).replaceAll(" ");
        return one.length() > 160 ? one.substring(0, 157) + "..." : one;
    }
}
