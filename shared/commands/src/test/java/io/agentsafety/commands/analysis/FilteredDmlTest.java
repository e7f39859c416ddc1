package io.agentsafety.commands.analysis;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every statement {@link FilteredDml} proves filtered is one the full judgement (JSqlParser parse and classify, the
 * keyword scan where the parse fails, nested DML) reports nothing for, over random WHERE clauses built from the
 * tokens {@code SqlAnalyzer.alwaysTrue} reacts to; and the proof covers statements that parse, or it would prove nothing.
 */
class FilteredDmlTest {

    private static final String[] HEADS = {"DELETE FROM t WHERE ", "delete from public.sessions where ", "DELETE FROM \"T\" x WHERE ",
        "UPDATE t SET a = 1 WHERE ", "update t set a = 'x', b = b + 1 where ", "UPDATE t SET a = (SELECT 1 WHERE 1=1) WHERE ",
        "DELETE FROM t USING u WHERE ", "UPDATE t SET a = 1 FROM u WHERE ", "DELETE t WHERE ", "UPDATE t SET x = 'WHERE' WHERE "};
    private static final String[] OPERANDS = {"id", "ID", "t.id", "\"id\"", "a", "t.a", "\"A\"", "expires_at", "user_id", "x1", "1", "0", "5",
        "01", "1.0", "-1", "+1", "'1'", "'%'", "'%%'", "'a'", "'a''b'", "'id'", "true", "FALSE", "null", "now()", "lower(a)", "a + 1",
        "interval '30 days'", "interval '1 day'", "(1)", "(a)", "(id)", "current_date"};
    private static final String[] OPERATORS = {"=", "<", ">", "<=", ">=", "<>", "!=", "==", "is not", "is", "like", "not like", "in"};
    private static final String[] JOINERS = {" AND ", " OR ", " and ", " or "};

    @Test
    void everyProvenStatementIsOneTheParseReportsNothingFor() {
        Random random = new Random(26);
        int proven = 0;
        int provenAndParsed = 0;
        int unproven = 0;
        List<String> statements = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            statements.add(HEADS[random.nextInt(HEADS.length)] + where(random));
        }
        statements.add("DELETE FROM sessions WHERE expires_at < now() - interval '30 days'");
        for (String statement : statements) {
            if (!SqlAnalyzer.provenFiltered(statement)) {
                unproven++;
                continue;
            }
            proven++;
            List<SqlAnalyzer.Statement> judged = new ArrayList<>();
            SqlAnalyzer.judge(statement, judged);
            assertEquals(List.of(), judged, () -> "proven filtered, but the parse reports: " + statement);
            if (parses(statement)) {
                provenAndParsed++;
            }
        }
        int p = proven;
        int pp = provenAndParsed;
        int u = unproven;
        assertTrue(pp > 1_000 && u > 2_500, () -> "proven " + p + " (parsed " + pp + "), unproven " + u);
    }

    @Test
    void provesTheCommonFiltersAndNotTheEveryRowOnes() {
        assertTrue(SqlAnalyzer.provenFiltered("DELETE FROM sessions WHERE expires_at < now() - interval '30 days'"));
        assertTrue(SqlAnalyzer.provenFiltered("UPDATE users SET name = 'x' WHERE id = 42"));
        assertTrue(SqlAnalyzer.provenFiltered("delete from orders where status = 'cancelled' and created_at < '2024-01-01'"));
        assertFalse(SqlAnalyzer.provenFiltered("DELETE FROM t WHERE 1 = 1"));
        assertFalse(SqlAnalyzer.provenFiltered("DELETE FROM t WHERE id > 0"));
        assertFalse(SqlAnalyzer.provenFiltered("DELETE FROM t WHERE a = a"));
        assertFalse(SqlAnalyzer.provenFiltered("DELETE FROM t WHERE name LIKE '%'"));
        assertFalse(SqlAnalyzer.provenFiltered("DELETE FROM t WHERE a = 5 OR true"));
        assertFalse(SqlAnalyzer.provenFiltered("DELETE FROM t"));
        assertFalse(SqlAnalyzer.provenFiltered("DELETE FROM t WHERE CURRENT OF c"));
        assertFalse(SqlAnalyzer.provenFiltered("DELETE FROM t WHERE a = 5 /* x */"));
    }

    private static String where(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            if (sb.length() > 0) {
                sb.append(JOINERS[random.nextInt(JOINERS.length)]);
            }
            String condition = random.nextInt(8) == 0 ? OPERANDS[random.nextInt(OPERANDS.length)]
                : OPERANDS[random.nextInt(OPERANDS.length)] + " " + OPERATORS[random.nextInt(OPERATORS.length)] + " "
                    + OPERANDS[random.nextInt(OPERANDS.length)];
            if (random.nextInt(6) == 0) {
                condition = "NOT " + condition;
            }
            sb.append(random.nextInt(5) == 0 ? "(" + condition + ")" : condition);
        }
        if (random.nextInt(10) == 0) {
            sb.append(random.nextBoolean() ? " RETURNING *" : " LIMIT 10");
        }
        return sb.toString();
    }

    private static boolean parses(String statement) {
        try {
            CCJSqlParserUtil.newParser(statement).withAllowComplexParsing(false).Statement();
            return true;
        } catch (Exception | Error e) {
            return false;
        }
    }
}
