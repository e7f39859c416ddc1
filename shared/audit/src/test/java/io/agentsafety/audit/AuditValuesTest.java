package io.agentsafety.audit;

import io.agentsafety.redaction.Redactor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Remembering the vocabulary's values (type, verdict, rule ids...) never changes a cleaned document. */
class AuditValuesTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    private static Map<String, Object> decision(String verdict, String rule, String command) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", "policy_decision");
        document.put("function", "policy-check");
        document.put("verdict", verdict);
        document.put("rules", List.of(rule, "net.metadata"));
        document.put("params", Map.of("action_type", "execute_code", "params", Map.of("command", command, "type", verdict)));
        document.put("detail", Map.of("risk_level", "high", "reason", "because " + command));
        return document;
    }

    @Test
    void aRememberedValueCleansExactlyAsAFreshRedactorCallDoes() {
        AuditValues remembering = new AuditValues(REDACTOR);
        for (int round = 0; round < 3; round++) {
            for (String verdict : List.of("deny", "allow", "require_approval", RealFormatSecrets.GITHUB_PAT)) {
                Map<String, Object> document = decision(verdict, "fs.delete_root", "rm -rf / " + RealFormatSecrets.STRIPE_KEY);
                // a fresh instance has remembered nothing: every value goes through the redactor
                assertEquals(new AuditValues(REDACTOR).clean(document), remembering.clean(document), "round " + round);
            }
        }
        assertTrue(remembering.rememberedCount() > 0, "the vocabulary is remembered");
    }

    @Test
    void aSecretInAVocabularyFieldIsRedactedEveryTimeAndNeverRemembered() {
        AuditValues values = new AuditValues(REDACTOR);
        for (int i = 0; i < 2; i++) {
            Map<String, Object> cleaned = values.clean(decision(RealFormatSecrets.GITHUB_PAT, RealFormatSecrets.GITHUB_PAT, "ls"));
            String text = cleaned.toString();
            assertFalse(text.contains(RealFormatSecrets.GITHUB_PAT), text);
            assertTrue(String.valueOf(cleaned.get("verdict")).startsWith("[REDACTED:"), text);
        }
        // policy_decision, policy-check, net.metadata, execute_code, high, "because ls"; the verdict field holds the
        // secret: not kept
        assertEquals(6, values.rememberedCount());
    }

    @Test
    void rememberingStopsAtItsBoundAndCleaningStaysTheSame() {
        AuditValues values = new AuditValues(REDACTOR);
        for (int i = 0; i < AuditValues.MAX_REMEMBERED + 50; i++) {
            Map<String, Object> document = Map.of("verdict", "v" + i, "rules", List.of("x".repeat(AuditValues.MAX_REMEMBERED_LENGTH + 1)));
            assertEquals(new AuditValues(REDACTOR).clean(document), values.clean(document));
        }
        assertEquals(AuditValues.MAX_REMEMBERED, values.rememberedCount());
    }

    @Test
    void aRememberedKeyCleansExactlyAsAFreshRedactorCallDoesAndASecretKeyIsNeverRemembered() {
        AuditValues values = new AuditValues(REDACTOR);
        for (int round = 0; round < 3; round++) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("command", "ls");
            params.put("url", "https://example.org/");
            params.put(RealFormatSecrets.GITHUB_PAT, "a caller's key that is a secret");
            Map<String, Object> document = Map.of("params", Map.of("action_type", "execute_code", "params", params));
            Map<String, Object> cleaned = values.clean(document);
            assertEquals(new AuditValues(REDACTOR).clean(document), cleaned, "round " + round);
            assertFalse(cleaned.toString().contains(RealFormatSecrets.GITHUB_PAT), cleaned.toString());
        }
        assertEquals(2, values.rememberedKeyCount(), "command and url; the secret key is redacted each time");
    }

    @Test
    void anInstantCleansToTheTextTheRedactorWouldHaveLeft() {
        // the entry's "at" is an Instant until cleaned, rendered without a redactor call: the stored text is the same
        // as before (Instant.toString() through the redactor) for instants across the whole range, millis and not
        AuditValues values = new AuditValues(REDACTOR);
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 2_000; i++) {
            Instant at = Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
            if (i % 2 == 0) {
                at = at.truncatedTo(ChronoUnit.SECONDS);
            }
            String expected = REDACTOR.redactToString(at.toString());
            assertEquals(expected, values.clean(Map.of("at", at)).get("at"));
            assertEquals(expected, values.clean(Map.of("params", Map.of("when", at))).toString().replaceAll(".*when=(.*)}}", "$1"));
        }
        AuditEntry entry = AuditEntry.of(AuditType.POLICY_DECISION).at(Instant.parse("2026-12-07T23:55:49.423871Z")).build();
        assertEquals("2026-12-07T23:55:49.423Z", values.clean(entry.toJson()).get("at"));
    }
}
