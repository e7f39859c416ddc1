package io.agentsafety.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonFieldsTest {

    private static JsonFields fields(String json) {
        return JsonFields.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void collectsEveryProblemWithFullPaths() {
        JsonFields f = fields("{\"run_id\": \"has space\", \"amount\": \"1.0000001\", \"params\": {\"paths\": [\"/a\", 3]}, \"extra\": 1}");
        f.allowOnly(Set.of("run_id", "amount", "params"));
        assertNull(f.identifier("run_id", true));
        assertNull(f.amountMicros("amount", true, false));
        JsonFields params = f.optionalObject("params");
        List<String> paths = params.optionalStringList("paths", 10, 100);
        assertEquals(List.of("/a"), paths);
        ProblemException e = assertThrows(ProblemException.class, f::validate);
        List<String> names = e.problem().errors().stream().map(Problem.FieldError::field).toList();
        assertEquals(List.of("extra", "run_id", "amount", "params.paths[1]"), names);
        assertEquals("4 fields are invalid", e.problem().detail());
    }

    @Test
    void requiredAndTypes() {
        JsonFields f = fields("{\"flag\": \"yes\", \"n\": 1.5, \"s\": 7}");
        assertNull(f.optionalBoolean("flag"));
        assertNull(f.optionalLong("n", 0, 10));
        assertNull(f.requiredString("s", 10));
        assertNull(f.requiredString("missing", 10));
        ProblemException e = assertThrows(ProblemException.class, f::validate);
        assertEquals("must be true or false", e.problem().errors().get(0).message());
        assertEquals("must be a whole number", e.problem().errors().get(1).message());
        assertEquals("must be a string", e.problem().errors().get(2).message());
        assertEquals("is required", e.problem().errors().get(3).message());
    }

    @Test
    void unknownFieldNamesAreKeptRawUntilTheyLeave() {
        // cleaned and bounded only by OutboundProblems, after the redactor has seen the whole key
        JsonFields f = fields("{\"<script>x\": 1}");
        f.allowOnly(Set.of());
        ProblemException e = assertThrows(ProblemException.class, f::validate);
        assertEquals("<script>x", e.problem().errors().get(0).field());
    }

    /** Issue 16: a NUL in any string (top level, nested, list item, map value) is a 400 naming it, never passed on. */
    @Test
    void nulCharactersAreRefusedInEveryStringShape() {
        JsonFields f = fields("{\"actor\": \"ok\\u0000x\", \"params\": {\"command\": \"ls\\u0000; rm -rf /\"},"
            + " \"list\": [\"a\", \"b\\u0000\"], \"env\": {\"A\": \"\\u0000\"}, \"fine\": \"tab\\tnewline\\n\"}");
        assertNull(f.optionalString("actor", 100));
        assertNull(f.optionalObject("params").requiredString("command", 100));
        assertEquals(List.of("a"), f.optionalStringList("list", 10, 10));
        assertEquals(java.util.Map.of(), f.optionalStringMap("env", 10, 10));
        assertEquals("tab\tnewline\n", f.optionalString("fine", 100));
        ProblemException e = assertThrows(ProblemException.class, f::validate);
        assertEquals(List.of("actor", "params.command", "list[1]", "env.A"),
            e.problem().errors().stream().map(Problem.FieldError::field).toList());
        assertEquals("must not contain NUL (U+0000) characters", e.problem().errors().get(0).message());
    }
}
