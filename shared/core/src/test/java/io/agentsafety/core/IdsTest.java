package io.agentsafety.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16: one id grammar for every run id, wherever it arrives (body, query, path, inside a reservation id). */
class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"run-42", "r1", "it-0b7c", "team:search.v2", "agent_7@ci", "a.b.c", "A", "9"})
    void acceptsWhatTheReadmeAndTestsUse(String id) {
        assertTrue(Ids.isValidIdentifier(id), id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", "a..b", "run-42/..", "-run", ".hidden", "_x", "a b", "a\u0001b", "a\u0000", "a\nb",
        "{run}", "a%2Fb", "run\u2215x", "ｒｕｎ", "run-42 ", "a\\b", "a?b", "a#b"})
    void refusesPathLikeControlAndNonAsciiIds(String id) {
        assertFalse(Ids.isValidIdentifier(id), id);
    }

    @org.junit.jupiter.api.Test
    void lengthIsBoundedAt128() {
        assertTrue(Ids.isValidIdentifier("a".repeat(128)));
        assertTrue(Ids.isValidIdentifier("x-".repeat(63) + "xx"));
        assertFalse(Ids.isValidIdentifier("a".repeat(129)));
        assertFalse(Ids.isValidIdentifier("a".repeat(300)));
        assertFalse(Ids.isValidIdentifier("a".repeat(1 << 20)));
        assertFalse(Ids.isValidIdentifier(null));
    }
}
