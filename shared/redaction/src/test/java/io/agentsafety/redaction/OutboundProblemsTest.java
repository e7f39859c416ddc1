package io.agentsafety.redaction;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.OutboundProblems;
import io.agentsafety.core.OutboundText;
import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.PlantedSecrets;
import io.agentsafety.testing.PlantedSecrets.Planted;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 §3 at the library level: a secret planted in any caller-chosen name leaves a problem document
 * (HTTP body or direct-invoke error message) only redacted, and the error still names the field, redacted.
 * Real redactor (built-in table), real JSON reading; the function and runner tests repeat this over HTTP.
 */
class OutboundProblemsTest {

    private static final OutboundProblems OUTBOUND = new OutboundProblems(new RedactingTextScrubber(Redactor.builtIn()));

    /** Where a caller-chosen key ends up in an error, and the path prefix it is reported under. */
    record Placement(String name, String prefix, java.util.function.Function<String, String> body, Consumer<JsonFields> reader) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Placement> PLACEMENTS = List.of(
        new Placement("unknown top-level key", "", key -> "{\"run_id\":\"r\"," + q(key) + ":1}",
            f -> f.allowOnly(Set.of("run_id"))),
        new Placement("unknown nested key", "params.", key -> "{\"params\":{" + q(key) + ":1}}",
            f -> f.optionalObject("params").allowOnly(Set.of("command"))),
        new Placement("env.<key> with a bad value", "env.", key -> "{\"env\":{" + q(key) + ":7}}",
            f -> f.optionalStringMap("env", 10, 100)),
        new Placement("metadata.<key> with an over-long value", "metadata.", key -> "{\"metadata\":{" + q(key) + ":\"" + "v".repeat(30) + "\"}}",
            f -> f.optionalStringMap("metadata", 10, 20)),
        new Placement("duplicate key", "params.", key -> "{\"params\":{" + q(key) + ":1," + q(key) + ":2}}",
            f -> { }));

    static Stream<Arguments> plantings() {
        List<Arguments> out = new ArrayList<>();
        for (Placement placement : PLACEMENTS) {
            for (Planted planted : PlantedSecrets.ALL) {
                out.add(Arguments.of(placement, planted));
            }
        }
        return out.stream();
    }

    private static String q(String text) {
        return "\"" + text + "\"";
    }

    @ParameterizedTest(name = "{1} as {0}")
    @MethodSource("plantings")
    void aSecretKeyLeavesOnlyRedactedButStillNamed(Placement placement, Planted planted) {
        byte[] body = placement.body().apply(planted.text()).getBytes(StandardCharsets.UTF_8);
        ProblemException raw = assertThrows(ProblemException.class, () -> {
            JsonFields f = JsonFields.parse(body);
            placement.reader().accept(f);
            f.validate();
        });
        Problem shown = OUTBOUND.scrub(raw.problem());
        ProblemException direct = OUTBOUND.scrub(raw);

        assertEquals(raw.status(), shown.status());
        assertEquals(raw.problem().errors().size(), shown.errors().size());
        String field = shown.errors().get(0).field();
        for (String text : List.of(field, shown.errors().get(0).message(), shown.detail(), direct.getMessage())) {
            PlantedSecrets.assertAbsent(planted, text, placement.name());
        }
        assertTrue(field.startsWith(placement.prefix()) && field.contains("REDACTED"), "still names the field, redacted: " + field);
        assertTrue(direct.getMessage().contains(field), "the direct-invoke message names the same redacted field: " + direct.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void aSecretGluedToOtherLettersIsStillNotEchoed(Planted planted) {
        // no word boundary before the token: the redactor's token rows cannot fire, the token-run rule does
        for (String glued : List.of("x" + planted.text(), "cfg" + planted.text() + "Value")) {
            ProblemException raw = assertThrows(ProblemException.class,
                () -> JsonFields.parse(("{\"params\":{" + q(glued) + ":1}}").getBytes(StandardCharsets.UTF_8))
                    .optionalObject("params").allowOnly(Set.of()).validate());
            Problem shown = OUTBOUND.scrub(raw.problem());
            PlantedSecrets.assertAbsent(planted, shown.errors().get(0).field(), "field");
            PlantedSecrets.assertAbsent(planted, shown.detail(), "detail");
            assertTrue(shown.errors().get(0).field().startsWith("params."), shown.errors().get(0).field());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void requestLinesShowNeitherSecretPathsNorSecretMethods(Planted planted) {
        RedactingTextScrubber scrubber = new RedactingTextScrubber(Redactor.builtIn());
        String encoded = planted.text().replace("=", "%3D");
        for (String path : List.of("/api/v1/safety/" + planted.text(), "/api/v1/safety/" + encoded + "/x",
                "/api/v1/safety/budget/x" + planted.text())) {
            String line = OutboundText.requestLine(planted.httpToken() ? planted.text() : "GET", path, scrubber);
            PlantedSecrets.assertAbsent(planted, line, "request line");
            assertTrue(line.contains("/api/v1/safety/"), line);
        }
        assertEquals("GET /api/v1/safety/budget/run-42", OutboundText.requestLine("GET", "/api/v1/safety/budget/run-42", scrubber));
    }

    @Test
    void aSecretKeyAfterLongJunkIsNotCutIntoAnUnrecognisablePiece() {
        // cut first, scrub second would keep 30 of the token's characters: the cut must come after the scrub
        String key = "k".repeat(100) + PlantedSecrets.GITHUB_PAT.text();
        ProblemException raw = assertThrows(ProblemException.class,
            () -> JsonFields.parse(("{" + q(key) + ":1}").getBytes(StandardCharsets.UTF_8)).allowOnly(Set.of()).validate());
        Problem shown = OUTBOUND.scrub(raw.problem());
        PlantedSecrets.assertAbsent(PlantedSecrets.GITHUB_PAT, shown.errors().get(0).field(), "field");
        PlantedSecrets.assertAbsent(PlantedSecrets.GITHUB_PAT, shown.detail(), "detail");
        assertTrue(shown.errors().get(0).field().length() <= OutboundText.MAX_FIELD_PATH + 1);
    }

    @Test
    void aHugeKeyIsNotEchoed() {
        String key = "x".repeat(40_000); // under Jackson's 50,000-character name limit (past it: a 400 on "body")
        ProblemException raw = assertThrows(ProblemException.class,
            () -> JsonFields.parse(("{" + q(key) + ":1}").getBytes(StandardCharsets.UTF_8)).allowOnly(Set.of()).validate());
        Problem shown = OUTBOUND.scrub(raw.problem());
        assertEquals(OutboundText.MAX_FIELD_PATH + 1, shown.errors().get(0).field().length());
        assertTrue(shown.detail().length() < 1024, shown.detail());
    }

    @Test
    void aFloodOfUnknownKeysListsTheFirstHundred() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 5000; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        ProblemException raw = assertThrows(ProblemException.class,
            () -> JsonFields.parse(json.append('}').toString().getBytes(StandardCharsets.UTF_8)).allowOnly(Set.of()).validate());
        Problem shown = OUTBOUND.scrub(raw.problem());
        assertEquals(OutboundProblems.MAX_ERRORS, shown.errors().size());
        assertEquals("5000 fields are invalid (the first 100 are listed)", shown.detail());
    }

    @Test
    void plainFieldNamesAndDetailsAreUnchanged() {
        ProblemException raw = assertThrows(ProblemException.class,
            () -> JsonFields.parse("{\"ammount\":1}".getBytes(StandardCharsets.UTF_8)).allowOnly(Set.of("amount")).validate());
        Problem shown = OUTBOUND.scrub(raw.problem());
        assertEquals(raw.problem(), shown);
        assertEquals("ammount: is not a known field", shown.detail());
    }
}
