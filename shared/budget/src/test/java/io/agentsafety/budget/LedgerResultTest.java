package io.agentsafety.budget;

import io.agentsafety.budget.LedgerDetail.CanSpend;
import io.agentsafety.budget.LedgerDetail.Deleted;
import io.agentsafety.budget.LedgerDetail.Reservation;
import io.agentsafety.budget.LedgerDetail.Settlement;
import io.agentsafety.budget.LedgerOutcome.UnknownLedgerOutcomeException;
import io.agentsafety.budget.LedgerScripts.Op;
import io.agentsafety.redaction.RedactingTextScrubber;
import io.agentsafety.redaction.Redactor;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed reading of a script's answer: every outcome the scripts return, each detail's shape, and fail-closed parsing. */
class LedgerResultTest {

    /** The 13 snapshot values and an empty outbox, as {@code result()} in common.lua appends them. */
    private static final String SNAPSHOT = "\n10.000000\n1.000000\n0.000000\n0\n0\n1\n1700000000000\n1700000600000\nUSD\n1699999999000\n{}\n0.5,1\n\n";

    private static LedgerResult parse(Op op, String outcome, String detail) {
        return LedgerResult.fromScript(op, "run-1", outcome + "\n0\n" + detail + "\n" + SNAPSHOT);
    }

    @Test
    void everyOutcomeTheScriptsReturnIsKnown() throws Exception {
        // the wire names in the scripts' return statements: result('x'...), bare('x'), a literal 'x\n...
        Pattern returned = Pattern.compile("(?:result|bare)\\('([a-z_]+)'|return '([a-z_]+)\\\\n");
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Op op : Op.values()) {
            String source = DeadlineScripts.resource(LedgerScripts.class, "/io/agentsafety/budget/lua/" + op.name().toLowerCase(java.util.Locale.ROOT) + ".lua")
                + DeadlineScripts.resource(LedgerScripts.class, "/io/agentsafety/budget/lua/common.lua");
            Matcher m = returned.matcher(source);
            while (m.find()) {
                names.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        // spend/reserve/commit refusals come from can_take(): return 'circuit_open' / 'insufficient_budget'
        names.addAll(List.of("circuit_open", "insufficient_budget"));
        assertEquals(names, Arrays.stream(LedgerOutcome.values()).map(LedgerOutcome::wireName).collect(Collectors.toCollection(java.util.TreeSet::new)));
        for (String name : names) {
            assertEquals(name, LedgerOutcome.fromWire(name).wireName());
        }
    }

    @Test
    void eachOperationsDetailIsParsedOnceIntoItsType() {
        assertEquals(new Reservation("rsv_1", 1_500_000, 1700000300000L), parse(Op.RESERVE, "created", "rsv_1|1.500000|1700000300000").reservation());
        assertEquals(new Reservation("rsv_1", 1_000_000, 0), parse(Op.COMMIT, "insufficient_budget", "rsv_1|1.000000|0").reservation());
        assertEquals(new Settlement("rsv_1", 1_000_000, 2_500_000, 500_000L),
            parse(Op.COMMIT, "ok", "rsv_1|1.000000|2.500000|0.500000").settlement());
        assertEquals(new Settlement("rsv_1", 1_000_000, 0, null), parse(Op.RELEASE, "ok", "rsv_1|1.000000|0.000000").settlement());
        assertEquals(new CanSpend(LedgerOutcome.CIRCUIT_OPEN), parse(Op.CAN_SPEND, "ok", "circuit_open").detail());
        assertTrue(((CanSpend) parse(Op.CAN_SPEND, "ok", "ok").detail()).allowed());
        assertEquals(new Deleted(1699999999000L), LedgerResult.fromScript(Op.DELETE, "run-1", "deleted\n0\n1699999999000\n").detail());
        assertEquals(new Deleted(null), LedgerResult.fromScript(Op.DELETE, "run-1", "deleted\n0\n\n").detail());
        LedgerResult spent = parse(Op.SPEND, "ok", "");
        assertEquals(new LedgerDetail.None(), spent.detail());
        assertEquals(LedgerOutcome.OK, spent.outcome());
        assertEquals(9_000_000, spent.snapshot().remainingMicros());
        assertThrows(IllegalStateException.class, spent::reservation, "a spend has no reservation to read");
        LedgerResult replayed = LedgerResult.fromScript(Op.SPEND, "run-1", "ok\n1\n\n" + SNAPSHOT);
        assertTrue(replayed.replayed());
        LedgerResult missing = LedgerResult.fromScript(Op.STATUS, "run-1", "not_found\n0\n\n");
        assertEquals(LedgerOutcome.NOT_FOUND, missing.outcome());
        assertNull(missing.snapshot());
        assertTrue(LedgerOutcome.CIRCUIT_OPEN.refusal() && LedgerOutcome.INSUFFICIENT_BUDGET.refusal());
        assertFalse(LedgerOutcome.IDEMPOTENCY_CONFLICT.refusal());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "SPEND;allowed;",                                  // an outcome no script returns
        "SPEND;OK;",                                       // names are exact
        "SPEND;;",                                         // no outcome at all
        "CAN_SPEND;ok;maybe",                              // a can-spend verdict no script returns
        "CAN_SPEND;ok;not_found",                          // an outcome, but not a verdict
        "RESERVE;created;rsv_1|1.500000",                  // a reservation without its deadline
        "RESERVE;created;rsv_1|1.5|1700000300000",         // not the ledger's money form
        "COMMIT;ok;rsv_1|1.000000|2.000000",               // a commit without its overrun
        "COMMIT;circuit_open;rsv_1|1.000000|soon",         // a deadline that is no number
        "RELEASE;ok;|1.000000|0.000000",                   // no reservation id
        "SPEND;ok;rsv_1|1.000000|1700000300000",           // a detail the operation does not have
        "DELETE;deleted;yesterday"})
    void anAnswerOfAnUnknownShapeFailsClosed(Op op, String outcome, String detail) {
        assertThrows(UnknownLedgerOutcomeException.class, () -> parse(op, outcome == null ? "" : outcome, detail == null ? "" : detail));
    }

    /** Through the route and the sandbox's reservation: an unknown outcome is an error (500), never an allow. */
    @ParameterizedTest
    @EnumSource(names = {"SPEND", "CAN_SPEND", "RESERVE"})
    void anUnknownOutcomeIsNeverAnAllow(Op op) {
        BudgetSettings settings = BudgetSettings.defaults();
        LedgerConnection answersAllowed = (LedgerConnection) Proxy.newProxyInstance(LedgerConnection.class.getClassLoader(),
            new Class<?>[]{LedgerConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                case "evalsha", "eval" -> "allowed\n0\nok\n" + SNAPSHOT;
                case "cluster", "functions" -> false;
                case "commandTimeout" -> null;
                default -> throw new UnsupportedOperationException(method.getName());
            });
        LedgerScripts scripts = new LedgerScripts(answersAllowed, settings);
        BudgetLedger ledger = new BudgetLedger(scripts, new BudgetEvents(answersAllowed, scripts, settings), settings);
        BudgetApi api = new BudgetApi(ledger, JsonMapper.createDefault(), new RedactingTextScrubber(Redactor.builtIn()));
        byte[] body = "{\"run_id\":\"run-1\",\"amount\":1,\"enforce\":true}".getBytes(StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            switch (op) {
                case SPEND -> api.spend(body);
                case CAN_SPEND -> api.canSpend("{\"run_id\":\"run-1\",\"amount\":1}".getBytes(StandardCharsets.UTF_8));
                default -> api.reserve("{\"run_id\":\"run-1\",\"amount\":1}".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertFalse(e.getMessage().contains("allowed"), "the unknown answer is not quoted: " + e.getMessage());
    }
}
