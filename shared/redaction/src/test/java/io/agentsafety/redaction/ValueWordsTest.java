package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples of value-words.yaml, executed through the checks that use its lists. */
class ValueWordsTest {

    /** A value that is plainly machine-generated, for the checks that also look at the value. */
    private static final String RANDOM = "Zx9QwErT5yUiOp3aSdFg";

    private static final Map<String, Predicate<String>> CHECKS = Map.of(
        "sensitive_key", ValueChecks::sensitiveKey,
        "qualified_key", ValueChecks::qualifiedKey,
        "credential_label", key -> ValueChecks.credentialLabel(key, RANDOM),
        "password_key", ValueChecks::isPasswordKey,
        "credential_table", ValueChecks::credentialTable);

    @Test
    void everyExampleHoldsAndEveryCheckHasBoth() {
        Map<String, Map<Boolean, List<String>>> examples = ValueWords.examples();
        assertEquals(CHECKS.keySet(), examples.keySet(), "one example block per check");
        List<String> failures = new ArrayList<>();
        int executed = 0;
        for (Map.Entry<String, Map<Boolean, List<String>>> check : examples.entrySet()) {
            Predicate<String> predicate = CHECKS.get(check.getKey());
            assertFalse(check.getValue().getOrDefault(true, List.of()).isEmpty(), check.getKey() + ": true examples");
            assertFalse(check.getValue().getOrDefault(false, List.of()).isEmpty(), check.getKey() + ": false examples");
            for (Map.Entry<Boolean, List<String>> expected : check.getValue().entrySet()) {
                for (String key : expected.getValue()) {
                    executed++;
                    if (predicate.test(key) != expected.getKey()) {
                        failures.add(check.getKey() + "(" + key + ") should be " + expected.getKey());
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(executed >= 60, "examples executed: " + executed);
    }

    @Test
    void theListsAreLoadedAndDisjointWhereTheyMustBe() {
        assertTrue(ValueWords.DENIED_LAST.contains("length") && ValueWords.DENIED_LAST.contains("on"),
            "YAML 1.1 booleans such as 'on' stay words");
        assertTrue(ValueWords.SENSITIVE.contains("password") && ValueWords.PASSWORD.contains("passphrase"));
        for (String word : ValueWords.SENSITIVE) {
            assertFalse(ValueWords.DENIED_ANY.contains(word), word + " cannot both name a credential and deny one");
        }
    }
}
