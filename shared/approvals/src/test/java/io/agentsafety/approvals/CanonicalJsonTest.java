package io.agentsafety.approvals;

import io.agentsafety.core.StrictJson;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalJsonTest {

    private static JsonNode parse(String json) {
        return StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String canonical(String params) {
        return CanonicalJson.action("execute_code", parse(params));
    }

    @Test
    void keysSortedWhitespaceGoneNumbersNormalised() {
        assertEquals("{\"action_type\":\"execute_code\",\"params\":{\"a\":[1,1.5,100,0,-2.25,true,null],\"b\":{\"x\":\"y\",\"z\":0.001}}}",
            canonical("{ \"b\" : {\"z\": 1.0e-3, \"x\":\"y\"},\n \"a\": [1.000, 1.50, 1e2, -0.0, -2.250, true, null] }"));
        assertEquals(canonical("{\"command\":\"ls\",\"timeout\":10}"), canonical("{\"timeout\":10.0,\"command\":\"ls\"}"));
    }

    @Test
    void stringsEscapedMinimallyAndExactly() {
        assertEquals("{\"action_type\":\"execute_code\",\"params\":{\"c\":\"tab\\there \\\"q\\\" \\\\ \\u0001 é/€\"}}",
            canonical("{\"c\":\"tab\\there \\\"q\\\" \\\\ \\u0001 \\u00e9\\/€\"}"));
    }

    @Test
    void oneChangedCharacterChangesTheHash() {
        String a = CanonicalJson.sha256(canonical("{\"command\":\"rm -rf ./build\"}"));
        String b = CanonicalJson.sha256(canonical("{\"command\":\"rm -rf ./buile\"}"));
        assertNotEquals(a, b);
        assertTrue(a.matches("[0-9a-f]{64}"));
        // exact decimals: values a double would merge stay distinct
        assertNotEquals(canonical("{\"amount\":0.1}"), canonical("{\"amount\":0.1000000000000000055}"));
        // the type is part of the action
        assertNotEquals(CanonicalJson.action("deploy", parse("{}")), CanonicalJson.action("execute_code", parse("{}")));
    }

    @Test
    void hugeExponentsStayShort() {
        assertEquals("1E+100", CanonicalJson.number(new java.math.BigDecimal("1e100")));
        assertEquals("12345", CanonicalJson.number(new java.math.BigDecimal("1.2345e4")));
    }
}
