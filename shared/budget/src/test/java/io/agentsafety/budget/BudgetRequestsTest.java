package io.agentsafety.budget;

import io.agentsafety.budget.api.BudgetCreateRequest;
import io.agentsafety.budget.api.BudgetReserveRequest;
import io.agentsafety.budget.api.BudgetSpendRequest;
import io.agentsafety.budget.api.BudgetUpdateRequest;
import io.agentsafety.core.Ids;
import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.agentsafety.redaction.RedactingTextScrubber;
import io.agentsafety.redaction.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The binding of every budget request at the edge: each bad field of a body is named in one 400, in the order the
 * fields are checked, with today's messages and paths, and no value is quoted; a good body binds to typed values
 * with the defaults applied.
 */
class BudgetRequestsTest {

    private static final BudgetRequests REQUESTS =
        new BudgetRequests(new RedactingTextScrubber(Redactor.builtIn()), BudgetSettings.defaults());
    private static final String TEXT_RULE = "must be a JSON number or a decimal string such as \"12.50\" (no sign '+', spaces, "
        + "exponent or leading zeros; at most 6 decimals)";
    private static final String RESERVATION_ID = ReservationIds.newId("run-1");
    /** A credential-shaped text the built-in redactor finds (not a real token). */
    private static final String TOKEN_A = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    private static final String TOKEN_B = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2";

    private static Problem.FieldError e(String field, String message) {
        return new Problem.FieldError(field, message);
    }

    static Stream<Arguments> badBodies() {
        Function<byte[], Object> create = REQUESTS::create;
        Function<byte[], Object> spend = REQUESTS::spend;
        Function<byte[], Object> canSpend = REQUESTS::canSpend;
        Function<byte[], Object> reserve = REQUESTS::reserve;
        Function<byte[], Object> commit = REQUESTS::commit;
        Function<byte[], Object> release = REQUESTS::release;
        Function<byte[], Object> update = REQUESTS::update;
        return Stream.of(
            Arguments.of("create", create, "{\"run_id\":\"q z\",\"limit\":1.1234567,\"currency\":\"QQ1\",\"ttl_seconds\":5,"
                + "\"thresholds\":[0.5,2,\"x\"],\"metadata\":{\"team\":1},\"owner\":\"zzq\"}", List.of(
                e("owner", "is not a known field"),
                e("run_id", Ids.identifierRule()),
                e("limit", "must have at most 6 decimal places"),
                e("currency", "must be a 3-letter ISO 4217 code such as USD"),
                e("ttl_seconds", "must be between 60 and 2592000"),
                e("thresholds[1]", "must be a number greater than 0 and at most 1"),
                e("thresholds[2]", "must be a number greater than 0 and at most 1"),
                e("metadata.team", "must be a string"))),
            Arguments.of("create, secrets", create, "{\"run_id\":\"" + TOKEN_A + "\",\"limit\":0,\"currency\":\"\","
                + "\"thresholds\":{},\"metadata\":{\"" + TOKEN_A + "\":\"x\",\"" + TOKEN_B + "\":\"y\",\"\":\"z\"}}", List.of(
                e("run_id", "looks like a secret to the redactor; use an opaque id (run ids are stored and echoed)"),
                e("limit", "must be greater than zero"),
                e("currency", "must not be blank"),
                e("thresholds", "must be an array of at most 10 fractions such as [0.5, 0.8, 1.0]"),
                e("metadata." + TOKEN_B, "is the same key as another one once secrets are redacted"),
                e("metadata.", "keys must be 1-256 characters"))),
            Arguments.of("create, nothing", create, "{}", List.of(
                e("run_id", "is required"),
                e("limit", "is required"))),
            Arguments.of("spend", spend, "{\"run_id\":1,\"amount\":0,\"idempotency_key\":\"kk vv\",\"description\":\"a\\u0000b\","
                + "\"enforce\":\"yes\"}", List.of(
                e("run_id", "must be a string"),
                e("amount", "must be greater than zero"),
                e("idempotency_key", "must be 1-255 printable ASCII characters without spaces"),
                e("description", "must not contain NUL (U+0000) characters"),
                e("enforce", "must be true or false"))),
            Arguments.of("can-spend", canSpend, "{\"amount\":-1,\"enforce\":true}", List.of(
                e("enforce", "is not a known field"),
                e("run_id", "is required"),
                e("amount", "must be greater than zero"))),
            Arguments.of("reserve", reserve, "{\"run_id\":\"r..1\",\"amount\":\"1e3\",\"ttl_seconds\":1.5,\"idempotency_key\":5}", List.of(
                e("run_id", Ids.identifierRule()),
                e("amount", TEXT_RULE),
                e("ttl_seconds", "must be a whole number"),
                e("idempotency_key", "must be 1-255 printable ASCII characters without spaces"))),
            Arguments.of("reserve, ttl", reserve, "{\"run_id\":\"r1\",\"amount\":[1],\"ttl_seconds\":86401}", List.of(
                e("amount", "must be a decimal number or a decimal string"),
                e("ttl_seconds", "must be between 1 and 86400"))),
            Arguments.of("commit", commit, "{\"reservation_id\":\"rsv_x\",\"actual_amount\":-1,\"allow_overrun\":1}", List.of(
                e("reservation_id", "must be a reservation id returned by /budget/reserve"),
                e("actual_amount", "must not be negative"),
                e("allow_overrun", "must be true or false"))),
            Arguments.of("commit, nothing", commit, "{\"amount\":1}", List.of(
                e("amount", "is not a known field"),
                e("reservation_id", "is required"),
                e("actual_amount", "is required"))),
            Arguments.of("release", release, "{\"reservation_id\":7,\"note\":\"x\"}", List.of(
                e("note", "is not a known field"),
                e("reservation_id", "must be a reservation id returned by /budget/reserve"))),
            Arguments.of("update", update, "{\"limit\":\"abc\",\"circuit_open\":\"no\"}", List.of(
                e("limit", TEXT_RULE),
                e("circuit_open", "must be true or false"))),
            Arguments.of("update, nothing to set", update, "{\"limit\":null,\"circuit_open\":null,\"spent\":1}", List.of(
                e("spent", "is not a known field"),
                e("body", "must set limit and/or circuit_open"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void everyBadFieldIsNamedInOneAnswerWithoutItsValue(String name, Function<byte[], Object> bind, String body,
                                                         List<Problem.FieldError> expected) {
        ProblemException e = assertThrows(ProblemException.class, () -> bind.apply(bytes(body)));
        assertEquals(400, e.status());
        assertEquals(expected, e.problem().errors());
        for (Problem.FieldError error : e.problem().errors()) {
            for (String value : List.of("q z", "QQ1", "zzq", "kk vv", "rsv_x", "abc", "1e3", "yes", "r..1")) {
                assertFalse(error.message().contains(value), error + " quotes a value");
            }
        }
    }

    static Stream<Arguments> everyRequestType() {
        return badBodies().map(row -> row.get()).filter(row -> !((String) row[0]).contains(","))
            .map(row -> Arguments.of(row[0], row[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRequestType")
    void duplicateKeysAndNonObjectsAreRefused(String name, Function<byte[], Object> bind) {
        ProblemException duplicate = assertThrows(ProblemException.class,
            () -> bind.apply(bytes("{\"limit\":1,\"limit\":2,\"reservation_id\":\"x\"}")));
        assertEquals(List.of(e("limit", "is a duplicate key: each field may appear once")), duplicate.problem().errors());
        assertEquals(400, assertThrows(ProblemException.class, () -> bind.apply(bytes("[1]"))).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> bind.apply(new byte[0])).status());
    }

    @Test
    void aGoodBodyBindsToTypedValuesWithTheDefaults() {
        BudgetCreateRequest create = REQUESTS.create(bytes("{\"run_id\":\"run-1\",\"limit\":\"12.50\",\"currency\":\"eur\","
            + "\"thresholds\":[1.0,0.25,0.250],\"metadata\":{\"zone\":\"b\",\"team\":\"" + TOKEN_A + "\"}}"));
        assertEquals(new BigDecimal("12.5"), create.limit());
        assertEquals("EUR", create.currency());
        assertEquals(BudgetSettings.defaults().ttlSeconds(), create.ttlSeconds(), "the configured default");
        assertEquals(List.of(new BigDecimal("0.25"), BigDecimal.ONE), create.thresholds(), "sorted, duplicates dropped");
        assertEquals(List.of("team", "zone"), List.copyOf(create.metadata().keySet()), "sorted: the fingerprint ignores key order");
        assertEquals("[REDACTED:github_classic_pat]", create.metadata().get("team"), "stored redacted");
        assertEquals(BudgetApi.DEFAULT_THRESHOLDS, REQUESTS.create(bytes("{\"run_id\":\"r\",\"limit\":1}")).thresholds());
        assertEquals(Map.of(), REQUESTS.create(bytes("{\"run_id\":\"r\",\"limit\":1}")).metadata());

        BudgetSpendRequest spend = REQUESTS.spend(bytes("{\"run_id\":\"r\",\"amount\":0.000001}"));
        assertEquals(new BigDecimal("0.000001"), spend.amount());
        assertEquals(false, spend.enforce());
        assertNull(spend.idempotencyKey());

        BudgetReserveRequest reserve = REQUESTS.reserve(bytes("{\"run_id\":\"r\",\"amount\":\"1000000000000\"}"));
        assertEquals(new BigDecimal("1000000000000"), reserve.amount());
        assertEquals(BudgetSettings.defaults().reservationDefaultTtlSeconds(), reserve.ttlSeconds());

        assertEquals(BigDecimal.ZERO, REQUESTS.commit(bytes("{\"reservation_id\":\"" + RESERVATION_ID + "\",\"actual_amount\":0}"))
            .actualAmount());
        assertEquals(RESERVATION_ID, REQUESTS.release(bytes("{\"reservation_id\":\"" + RESERVATION_ID + "\"}")).reservationId());
        BudgetUpdateRequest update = REQUESTS.update(bytes("{\"circuit_open\":false}"));
        assertNull(update.limit());
        assertEquals(false, update.circuitOpen());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
