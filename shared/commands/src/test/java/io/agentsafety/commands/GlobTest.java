package io.agentsafety.commands;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one glob matcher (command names in the analysis, protected paths in the policy): its edge cases. */
class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // * : any run, also empty, also several
        "*        | \"\"      | true",
        "*        | rm        | true",
        "r*       | rm        | true",
        "r*m      | rm        | true",
        "r*m      | rxxm      | true",
        "*.pem    | key.pem   | true",
        "*.pem    | key.pem.bak | false",
        "a*b*c    | abxbyc    | true",
        "a*b*c    | abxbyd    | false",
        "**       | anything  | true",
        "a*       | a*b       | true",
        // ? : exactly one character
        "?        | \"\"      | false",
        "k?ll     | kill      | true",
        "k?ll     | kll       | false",
        "k??l     | kill      | true",
        // [...] classes, ranges, negation with ! or ^
        "[rs]m    | rm        | true",
        "[rs]m    | tm        | false",
        "[a-z]m   | rm        | true",
        "[a-z]m   | Rm        | false",
        "[!a-z]m  | Rm        | true",
        "[^a-z]m  | rm        | false",
        "/e[t]c   | /etc      | true",
        "[]m      | m         | false",
        // an unclosed [ is an ordinary character, as in the shell
        "[rm      | [rm       | true",
        "[rm      | rm        | false",
        // \\x is x itself
        "\\*      | *         | true",
        "\\*      | x         | false",
        "a\\?     | a?        | true",
        "a\\?     | ab        | false",
        // dot-files are not special here: the callers decide (a path segment is matched whole)
        "*        | .bashrc   | true",
        ".*       | .ssh      | true",
        "?ssh     | .ssh      | true",
        // / is an ordinary character: paths are matched one segment at a time by their callers
        "*        | a/b       | true",
        // whole-text match
        "rm       | rmdir     | false",
        "rm       | rm        | true",
        "\"\"     | \"\"      | true",
        "\"\"     | x         | false",
    })
    void matches(String pattern, String text, boolean expected) {
        assertEquals(expected, Glob.matches(pattern, text));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {"rm|false", "r*|true", "k?ll|true", "[ab]|true", "[ab|false", "a]|false"})
    void hasGlob(String text, boolean expected) {
        assertEquals(expected, Glob.hasGlob(text));
    }

    @org.junit.jupiter.api.Test
    void aLongTextWithManyStarsStaysFast() {
        String text = "a".repeat(20_000);
        long start = System.nanoTime();
        assertEquals(false, Glob.matches("*a*a*a*a*a*a*a*b", text));
        assertEquals(true, Glob.matches("*a*a*a*a*a*a*a*", text));
        org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - start < 2_000_000_000L, "single backtrack point");
    }
}
