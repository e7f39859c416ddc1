package io.agentsafety.core;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class MoneyTest {

    @Test
    void parsesNumbersAndStringsExactly() {
        assertEquals(100_000L, Money.parse(JsonNode.createNumberNode(new BigDecimal("0.1"))).micros());
        assertEquals(12_500_000L, Money.parse(JsonNode.createStringNode("12.50")).micros());
        assertEquals(1_000_000_000_000_000_000L, Money.parse(JsonNode.createStringNode("1000000000000")).micros());
        assertEquals(1L, Money.parse(JsonNode.createStringNode("0.000001")).micros());
        assertNull(Money.parse(JsonNode.createStringNode("0.000001")).error());
    }

    @Test
    void printsWithoutDriftOrExponent() {
        long sum = Money.parse(JsonNode.createStringNode("0.1")).micros() + Money.parse(JsonNode.createStringNode("0.2")).micros();
        assertEquals("0.3", Money.toDecimal(sum).toString());
        assertEquals("10", Money.toDecimal(10_000_000L).toString());
        assertEquals("0", Money.toDecimal(0).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0000001", "1e3", "NaN", "Infinity", "", " ", "1,000", "0x10", "1000000000000.000001", "abc"})
    void rejectsMalformedText(String text) {
        assertNotNull(Money.parse(JsonNode.createStringNode(text)).error(), text);
    }

    /** Issue 13 probe: " 1" and "+1" were accepted as 1. Strings follow one canonical grammar. */
    @ParameterizedTest
    @ValueSource(strings = {" 1", "+1", "1 ", "\t1", "1\n", "\u00a01", "01", "00.5", ".5", "5.", "1E2", "1e-2", "+0.5", "- 1", "--1",
        "1.0000000", "\uff11", "\u0661", "1_000", "1.2.3"})
    void rejectsEveryNonCanonicalString(String text) {
        Money.Parsed parsed = Money.parse(JsonNode.createStringNode(text));
        assertNotNull(parsed.error(), text);
        assertEquals(0, parsed.micros());
    }

    @Test
    void canonicalStringsAndJsonNumbersAreAccepted() {
        assertEquals(1_000_000L, Money.parse(JsonNode.createStringNode("1")).micros());
        assertEquals(0L, Money.parse(JsonNode.createStringNode("0")).micros());
        assertEquals(500_000L, Money.parse(JsonNode.createStringNode("0.5")).micros());
        assertEquals(-1_500_000L, Money.parse(JsonNode.createStringNode("-1.5")).micros(), "the sign is the caller's rule");
        assertEquals(100_000_000L, Money.parse(JsonNode.createNumberNode(new BigDecimal("1e2"))).micros(), "JSON numbers may use exponents");
        assertEquals(1_100_000L, Money.parse(JsonNode.createNumberNode(new BigDecimal("1.1000000"))).micros(), "a JSON number's value counts");
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertEquals("must have at most 6 decimal places", Money.parse(JsonNode.createStringNode("1.1234567")).error());
        assertEquals("must be at most 1000000000000", Money.parse(JsonNode.createStringNode("12345678901234")).error());
        assertEquals(Money.TEXT_RULE, Money.parse(JsonNode.createStringNode("+1")).error());
    }

    @Test
    void rejectsOtherTypes() {
        assertNotNull(Money.parse(JsonNode.createBooleanNode(true)).error());
        assertNotNull(Money.parse(JsonNode.createNumberNode(new BigDecimal("1e13"))).error());
    }
}
