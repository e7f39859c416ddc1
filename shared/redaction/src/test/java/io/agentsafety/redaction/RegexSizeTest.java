package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiled-size estimate multiplies nested counted repetitions and refuses what would exhaust memory. */
class RegexSizeTest {

    @Test
    void estimatesGrowWithRepetitionNotWithTextLength() {
        assertEquals(3, RegexSize.estimate("abc"));
        assertEquals(1000, RegexSize.estimate("a{1000}"));
        assertEquals(1_000_000, RegexSize.estimate("(a{1000}){1000}"));
        assertEquals(1_000_000, RegexSize.estimate("((a{100}){100}){100}"));
        assertEquals(2000, RegexSize.estimate("[a-z]{1000}[(){}]{1000}"));
        assertEquals(6, RegexSize.estimate("\\Q{1000}\\E"));
        assertEquals(42, RegexSize.estimate("(x|y{20}){2}"));
        assertTrue(RegexSize.estimate("EMP-[0-9]{6}") < 20);
    }

    @Test
    void patternsTooLargeOnceCompiledAreRefusedNamingTheField() {
        CustomPatterns.InvalidPatternException e = assertThrows(CustomPatterns.InvalidPatternException.class,
            () -> CustomPatterns.compile(new CustomPatterns.Spec(null, "k", "(a{1000}){1000}", null), "custom_patterns[3]"));
        assertEquals("custom_patterns[3].regex", e.field());
        CustomPatterns.compile(new CustomPatterns.Spec(null, "k", "(a{1000}){5}", null), "p");
    }
}
