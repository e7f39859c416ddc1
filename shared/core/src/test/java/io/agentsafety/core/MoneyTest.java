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

    @Test
    void rejectsOtherTypes() {
        assertNotNull(Money.parse(JsonNode.createBooleanNode(true)).error());
        assertNotNull(Money.parse(JsonNode.createNumberNode(new BigDecimal("1e13"))).error());
    }
}
