package io.agentsafety.sandbox.e2b;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The E2B client's JSON: lenient reading of server answers (wrong types read as the default), exact writing. */
class E2bJsonTest {

    private static JsonNode parse(String json) {
        return E2bJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whatIsNotOneJsonValueParsesAsNull() {
        assertNull(E2bJson.parse(null));
        assertNull(E2bJson.parse(new byte[0]));
        assertNull(parse("<html>502 Bad Gateway</html>"));
        assertNull(parse("{\"a\":1} trailing"));
        assertNull(parse("{\"a\":"));
        assertTrue(parse("[1,2]").isArray());
    }

    @Test
    void readersFallBackOnAbsentNullOrMistypedMembers() {
        JsonNode json = parse("{\"s\":\"x\",\"n\":42,\"f\":1.5,\"b\":true,\"z\":null,\"o\":{},\"ns\":\"17\",\"bs\":\"false\"}");
        assertEquals("x", E2bJson.string(json, "s"));
        assertNull(E2bJson.string(json, "n"), "a number is not a string member");
        assertNull(E2bJson.string(json, "missing"));
        assertNull(E2bJson.string(parse("[\"s\"]"), "s"), "an array has no members");
        assertEquals("42", E2bJson.text(json.get("n"), "?"));
        assertEquals("true", E2bJson.text(json.get("b"), "?"));
        assertEquals("?", E2bJson.text(json.get("o"), "?"));
        assertEquals("?", E2bJson.text(json.get("z"), "?"));
        assertEquals(42, E2bJson.integer(json.get("n"), -1));
        assertEquals(17, E2bJson.integer(json.get("ns"), -1));
        assertEquals(-1, E2bJson.integer(json.get("f"), -1), "not integral");
        assertEquals(-1, E2bJson.integer(json.get("s"), -1));
        assertEquals(-1, E2bJson.integer(null, -1));
        assertTrue(E2bJson.bool(json.get("b"), false));
        assertFalse(E2bJson.bool(json.get("bs"), true));
        assertTrue(E2bJson.bool(json.get("n"), false));
        assertFalse(E2bJson.bool(json.get("s"), false));
    }

    @Test
    void writingKeepsOrderTypesAndEscapes() {
        Map<String, JsonNode> body = new LinkedHashMap<>();
        body.put("templateID", JsonNode.createStringNode("base"));
        body.put("timeout", JsonNode.createNumberNode(91L));
        body.put("envVars", E2bJson.strings(Map.of("Q", "a\"b\n")));
        body.put("args", E2bJson.strings(List.of("-l", "-c", "echo é")));
        body.put("stdin", JsonNode.createBooleanNode(false));
        assertEquals("{\"templateID\":\"base\",\"timeout\":91,\"envVars\":{\"Q\":\"a\\\"b\\n\"},\"args\":[\"-l\",\"-c\",\"echo é\"],\"stdin\":false}",
            new String(E2bJson.write(JsonNode.createObjectNode(body)), StandardCharsets.UTF_8));
    }
}
