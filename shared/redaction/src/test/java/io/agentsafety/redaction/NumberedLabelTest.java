package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A label word with a number glued to it ("token2") is the label; other words ending in digits stay what they are. */
class NumberedLabelTest {

    @Test
    void aNumberGluedToALabelWordIsDropped() {
        assertEquals(List.of("phrase", "token"), ValueChecks.significantWords("phrase_token2"));
        assertEquals(List.of("api", "key"), ValueChecks.significantWords("apiKey12"));
        assertEquals(List.of("db", "password"), ValueChecks.significantWords("DB_PASSWORD1"));
        assertTrue(ValueChecks.sensitiveKey("secret3"));
    }

    @Test
    void otherNumberedWordsKeepTheirNumber() {
        assertEquals(List.of("sha256"), ValueChecks.significantWords("sha256"));
        assertEquals(List.of("auth0"), ValueChecks.significantWords("auth0"), "a product name");
        assertEquals(List.of("oauth2"), ValueChecks.significantWords("oauth2"), "a protocol");
        assertFalse(ValueChecks.sensitiveKey("auth0"));
    }
}
