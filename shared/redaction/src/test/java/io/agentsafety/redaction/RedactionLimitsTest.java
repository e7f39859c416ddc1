package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bounds of one call (RedactionLimits) and the linear handling of known values. */
class RedactionLimitsTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    private static RedactionOptions extra(List<String> values) {
        return new RedactionOptions(values, Map.of(), null, List.of());
    }

    @Test
    void aValueRepeatingInsideItselfGivesOneFindingNotOnePerCharacter() {
        String text = "x " + "ab".repeat(500_000) + " y";
        RedactionResult r = REDACTOR.redact(text, extra(List.of("abab")));
        assertEquals(1, r.count());
        assertEquals("x [REDACTED:extra_secret] y", r.redacted());
        assertEquals(new Finding("extra_secret", 2, text.length() - 2, "extra_secrets[0]"), r.findings().get(0));
    }

    @Test
    void overlappingValuesFromSeveralEntriesMergeIntoOneSpanNamedByTheEarliest() {
        RedactionResult r = REDACTOR.redact("k=hunter2hunter3 done",
            new RedactionOptions(List.of("hunter2hun"), Map.of("PW", "2hunter3"), null, List.of()));
        assertEquals("k=[REDACTED:extra_secret] done", r.redacted());
        assertEquals(1, r.count());
    }

    @Test
    void knownValuesAreBoundedInUtf8Bytes() {
        String ascii = "a".repeat(RedactionLimits.MAX_KNOWN_VALUE_BYTES);
        assertEquals(1, REDACTOR.redact("x " + ascii + " y", extra(List.of(ascii))).count());
        // 22,000 euro signs are 66,000 UTF-8 bytes: over the bound although fewer characters
        String euros = "\u20ac".repeat(22_000);
        RedactionLimitException e = assertThrows(RedactionLimitException.class,
            () -> REDACTOR.redact("text", extra(List.of(euros))));
        assertEquals(RedactionLimitException.Limit.KNOWN_VALUE_BYTES, e.limit());
        assertEquals(RedactionLimits.MAX_KNOWN_VALUE_BYTES, e.max());
        assertThrows(RedactionLimitException.class, () -> REDACTOR.redact("text",
            new RedactionOptions(List.of(ascii), Map.of("K", "value-1234"), null, List.of())));
    }

    @Test
    void findingsAndOutputStopAtTheirBoundsWithoutEchoingAnything() {
        String text = "password=Secret-1234\n".repeat(11);
        RedactionLimits fewFindings = new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, 10, Long.MAX_VALUE);
        RedactionLimitException e = assertThrows(RedactionLimitException.class,
            () -> REDACTOR.redact(text, RedactionOptions.NONE, fewFindings));
        assertEquals(RedactionLimitException.Limit.FINDINGS, e.limit());
        assertFalse(e.getMessage().contains("Secret-1234"));
        assertEquals(11, REDACTOR.redact(text, RedactionOptions.NONE,
            new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, 11, Long.MAX_VALUE)).count());

        String shortSecrets = "abcd ".repeat(1000);
        RedactionLimits shortOutput = new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, 100_000, 10_000);
        RedactionLimitException tooLong = assertThrows(RedactionLimitException.class,
            () -> REDACTOR.redact(shortSecrets, extra(List.of("abcd")), shortOutput));
        assertEquals(RedactionLimitException.Limit.REDACTED_CHARS, tooLong.limit());
        // the same text fits when the output does: 1000 x "[REDACTED:extra_secret] " = 24,000 characters
        assertEquals(24_000, REDACTOR.redact(shortSecrets, extra(List.of("abcd")),
            new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, 100_000, 24_000)).redacted().length());
    }
}
