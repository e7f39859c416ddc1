package io.agentsafety.core;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictJsonTest {

    private static JsonNode parse(String json) {
        return StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ProblemException reject(String json) {
        return assertThrows(ProblemException.class, () -> parse(json));
    }

    @Test
    void keepsExactDecimals() {
        JsonNode node = parse("{\"a\": 0.1, \"b\": 12345678901234567890, \"c\": \"x\", \"d\": [true, null]}");
        assertEquals(new BigDecimal("0.1"), node.get("a").getNumberValue());
        assertEquals("12345678901234567890", node.get("b").getNumberValue().toString());
        assertEquals("x", node.get("c").getStringValue());
        assertTrue(node.get("d").get(0).getBooleanValue());
        assertTrue(node.get("d").get(1).isNull());
    }

    @Test
    void rejectsDuplicateKeysNamingTheField() {
        ProblemException e = reject("{\"action_type\": \"deploy\", \"action_type\": \"execute_code\"}");
        assertEquals(400, e.status());
        assertEquals("action_type", e.problem().errors().get(0).field());
        assertEquals("action_type: is a duplicate key: each field may appear once", e.problem().detail());
    }

    @Test
    void aNumberBeyondBigDecimalIsA400NamingTheField() {
        // JsonBindingFuzzTest: Jackson threw NumberFormatException (scale out of range), which became a 500
        ProblemException e = reject("{\"limit\":1e-2147483648}");
        assertEquals(400, e.status());
        assertEquals("limit", e.problem().errors().get(0).field());
        assertEquals("params.amounts[1]", reject("{\"params\":{\"amounts\":[1,2E+2147483648]}}").problem().errors().get(0).field());
    }

    @Test
    void aNestedDuplicateIsNamedByItsFullPath() {
        ProblemException e = reject("{\"params\": {\"paths\": [\"a\", {\"x\": 1, \"x\": 2}]}}");
        assertEquals("params.paths[1].x", e.problem().errors().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "\"text\"", "42", "{", "{\"a\":}", "{} {}", "{\"a\": NaN}", "{'a': 1}"})
    void rejectsWhatIsNotOneObject(String json) {
        ProblemException e = reject(json);
        assertEquals(400, e.status());
        assertEquals("body", e.problem().errors().get(0).field());
    }

    @Test
    void boundsNesting() {
        String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        assertEquals(400, reject(deep).status());
    }

    @Test
    void parserErrorsDoNotEchoTheInput() {
        ProblemException e = reject("{\"token\": sk-live-SECRETVALUE123}");
        assertFalse(e.problem().detail().contains("SECRETVALUE"), e.problem().detail());
        assertFalse(e.getMessage().contains("SECRETVALUE"));
    }
}
