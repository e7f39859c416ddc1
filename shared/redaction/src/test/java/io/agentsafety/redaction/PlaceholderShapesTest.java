package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-filled shapes that keep a look-alike (ValueChecks.wordsBody, camelWordsAndNumbers). */
class PlaceholderShapesTest {

    private static final String RANDOM = new RandomText(7).an(40);

    @Test
    void aPrefixedBodyOfOneRepeatedCharacterIsStillAKey() {
        // bech32 'q' is 0: the all-zero age key is a valid key, and other projects' corpora label such bodies secrets
        String zeroKey = "AGE-SECRET-KEY-1" + "Q".repeat(58);
        assertTrue(Redactor.builtIn().redact("age key " + zeroKey).findings().size() == 1);
    }

    @Test
    void aPrefixPaddedWithOneCharacterIsAPlaceholder() {
        Redactor r = Redactor.builtIn();
        for (String padded : List.of("AIza" + "a".repeat(35), "sntryu_" + "0".repeat(64), "pcsk_ab12c_" + "x".repeat(63))) {
            assertTrue(ValueChecks.oneCharacterBody(padded), padded);
            assertTrue(r.redact("key: " + padded).findings().stream().noneMatch(f -> f.detector().startsWith(
                padded.substring(0, 2).equals("AI") ? "google" : padded.substring(0, 2).equals("sn") ? "sentry" : "pinecone")),
                padded);
        }
        // a random body, and a bech32 key of zeros (78 % one character) stay keys
        assertFalse(ValueChecks.oneCharacterBody("AIza" + RANDOM.substring(0, 35)));
        assertFalse(ValueChecks.oneCharacterBody("AGE-SECRET-KEY-1" + "Q".repeat(58)));
        assertTrue(r.redact("AIza" + RANDOM.substring(0, 35)).findings().size() == 1);
    }

    @Test
    void aBodyOfCamelCaseWordsDescribesAToken() {
        assertTrue(ValueChecks.wordsBody("xoxe.xoxp-1-WorkspaceConfigurationAccessToken"));
        assertTrue(ValueChecks.wordsBody("clm90144:AgencyIdentificationCodeContentType"));
        assertFalse(ValueChecks.wordsBody("xoxe.xoxp-1-" + RANDOM));
        // two words do not fill it
        assertFalse(ValueChecks.wordsBody("xoxb-1-" + RANDOM.substring(0, 20) + "-SalesResults"));
    }

    @Test
    void camelCaseNamesWithNumbersAreNotMachineGenerated() {
        for (String name : List.of("SalesResults-1.2", "clm90144:AgencyIdentificationCode", "orderBookSnapshot_v2")) {
            assertTrue(ValueChecks.camelWordsAndNumbers(name), name);
            assertFalse(ValueChecks.randomValue(name), name);
        }
        for (String token : List.of(RANDOM, "QeOtNTopoHCzG5tTyUYLXBZUr9weF", "user-12345")) {
            assertFalse(ValueChecks.camelWordsAndNumbers(token), token);
        }
        assertTrue(ValueChecks.randomValue(RANDOM));
    }
}
