package io.agentsafety.commands.rules;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The literal that lets an unanchored argument regex be skipped is one every match really contains. */
class ArgMatcherLiteralTest {

    @Test
    void readsTheRequiredLiteral() {
        assertEquals("finalizers", ArgMatcher.requiredLiteral("finalizers"));
        assertEquals("_history", ArgMatcher.requiredLiteral("(^|/)\\.(bash|zsh)_history$"));
        assertEquals(".ssh/authorized_keys", ArgMatcher.requiredLiteral("\\.ssh/authorized_keys2?$"));
        assertEquals("volume", ArgMatcher.requiredLiteral("^(volume)$"));
        assertEquals("volume", ArgMatcher.requiredLiteral("^(?:volume)$"));
        assertEquals(".git", ArgMatcher.requiredLiteral("(^|/)\\.git/?$"));
        assertEquals("abc", ArgMatcher.requiredLiteral("x*abc+d?"));
        assertEquals("abc", ArgMatcher.requiredLiteral("(abc)+x"));
        assertEquals("ab", ArgMatcher.requiredLiteral("a[]b]ab[[:alpha:]]"));
        assertEquals("--", ArgMatcher.requiredLiteral("^--(expire|prune)=(now|all)"));
        assertEquals("z", ArgMatcher.requiredLiteral("a{2,3}z"));
        assertEquals("xy", ArgMatcher.requiredLiteral("(a|b)xy\\d"));
        assertNull(ArgMatcher.requiredLiteral("(?i)finalizers"));
        assertNull(ArgMatcher.requiredLiteral("a|finalizers"));
        assertNull(ArgMatcher.requiredLiteral("(abc)?"));
        assertNull(ArgMatcher.requiredLiteral("(abc)*"));
        assertNull(ArgMatcher.requiredLiteral("a{x}"));
        assertEquals("\u0000abc", ArgMatcher.requiredLiteral("\\x00abc"));
        assertEquals("\u0000", ArgMatcher.requiredLiteral("^\\x00+/+(\\*|\\.\\*)?$"));
        assertEquals("..", ArgMatcher.requiredLiteral("^[^/]*\\x00[^/]*/(\\.?/)*\\.\\.(/|$)"));
        assertNull(ArgMatcher.requiredLiteral("\\x{41}bc"));
        assertNull(ArgMatcher.requiredLiteral("\\x4"));
        // (?i): letters fold, other ASCII characters stay literal
        assertEquals(":", ArgMatcher.requiredLiteral("(?i)^(HKLM|HKCR|HKU):"));
        assertEquals("%", ArgMatcher.requiredLiteral("(?i)^%(userprofile|windir)%[\\\\/]?$"));
        assertEquals(" -", ArgMatcher.requiredLiteral("(?i)ab -cd"));
        assertNull(ArgMatcher.requiredLiteral("(?i)\\x41bc"));
        assertNull(ArgMatcher.requiredLiteral("(?i)a|:"));
        assertNull(ArgMatcher.requiredLiteral("(?i)abc(?s):"));
        assertNull(ArgMatcher.requiredLiteral("\\pLabc"));
        assertNull(ArgMatcher.requiredLiteral("\\Qa.b\\E"));
        assertNull(ArgMatcher.requiredLiteral("[a-z]+"));
        assertNull(ArgMatcher.requiredLiteral("(?P<n>abc)"));
    }

    /**
     * Every match of every rule regex (and of tricky ones) contains its literal, over random texts made of the regex's own
     * characters and of the literal with one character changed or dropped, so that many match without holding it whole
     * only if the reading were wrong.
     */
    @Test
    void everyMatchContainsTheLiteral() {
        List<String> regexes = new ArrayList<>(List.of("finalizers", "(^|/)\\.(bash|zsh)_history$", "x*abc+d?",
            "(?i)^(hklm|hkcr):", "(?i)a-b", "^[^/]*\\x00[^/]*/", "\\x00+/",
            "(abc)+x", "a[]b]ab[[:alpha:]]", "a{2,3}z", "(a|b)xy\\d", "^(volume)$", "ab*c", "a.b", "[ab]c(d)"));
        regexes.addAll(BuiltInPackRegexes.all());
        assertTrue(regexes.size() > 40, "the packs' regexes were found: " + regexes.size());
        Random random = new Random(17);
        int withLiteral = 0;
        int checked = 0;
        for (String regex : regexes) {
            String literal = ArgMatcher.requiredLiteral(regex);
            if (literal == null) {
                continue;
            }
            withLiteral++;
            Pattern pattern = Pattern.compile(regex);
            // the literal's own characters (\x00 is written as an escape) and the other cases of the regex's letters ((?i))
            String own = regex.replaceAll("[\\\\^$]", "") + "/.-_ " + literal;
            String alphabet = own + own.toUpperCase(java.util.Locale.ROOT);
            for (int n = 0; n < 3_000; n++) {
                StringBuilder text = new StringBuilder();
                for (int k = random.nextInt(4); k >= 0; k--) {
                    if (random.nextInt(3) == 0) {
                        StringBuilder broken = new StringBuilder(literal);
                        int at = random.nextInt(broken.length());
                        if (random.nextBoolean()) {
                            broken.deleteCharAt(at);
                        } else {
                            broken.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                        text.append(broken);
                    }
                    for (int i = random.nextInt(6); i > 0; i--) {
                        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                if (pattern.matcher(text).find()) {
                    checked++;
                    assertTrue(text.toString().contains(literal), regex + " (literal " + literal + ") matched " + text);
                }
            }
        }
        assertTrue(withLiteral > 20, "many rule regexes have a literal: " + withLiteral);
        assertTrue(checked > 1_000, "some random texts matched: " + checked);
    }
}
