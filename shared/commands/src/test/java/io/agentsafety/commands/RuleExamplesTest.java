package io.agentsafety.commands;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule of every built-in pack fires on each of its match examples and on none of its not_match examples. */
class RuleExamplesTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.withoutExampleCheck(RuleConfig.DEFAULTS);

    @Test
    void everyExampleOfEveryRuleHolds() {
        List<String> failures = ANALYZER.exampleFailures();
        assertEquals(List.of(), failures, () -> String.join("\n", failures));
    }

    @TestFactory
    Stream<DynamicTest> eachRuleHasExamplesOnBothSides() {
        List<DynamicTest> tests = new ArrayList<>();
        for (RuleDescription rule : ANALYZER.rules()) {
            tests.add(DynamicTest.dynamicTest(rule.pack() + "/" + rule.id(), () -> {
                assertTrue(rule.enabled());
                assertTrue(List.of("low", "medium", "high", "critical").contains(rule.severity()));
                assertTrue(List.of("deny", "require_approval").contains(rule.verdict()));
                assertFalse(rule.description().isBlank());
            }));
        }
        assertTrue(tests.size() >= 60, "expected the packs to hold at least 60 rules, found " + tests.size());
        return tests.stream();
    }
}
