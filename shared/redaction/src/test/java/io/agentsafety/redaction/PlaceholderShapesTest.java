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
