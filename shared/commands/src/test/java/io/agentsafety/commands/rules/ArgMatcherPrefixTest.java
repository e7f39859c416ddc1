package io.agentsafety.commands.rules;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The literal prefix that lets an argument regex be skipped is one every match really starts with. */
class ArgMatcherPrefixTest {

    @Test
    void readsTheAnchoredLiteral() {
        assertEquals("/proc/sys/", ArgMatcher.requiredPrefix("^/proc/sys/"));
        assertEquals("/etc/", ArgMatcher.requiredPrefix("^/etc/(passwd|shadow)$"));
        assertEquals("-", ArgMatcher.requiredPrefix("^--?replace(=.*)?$"));
        assertEquals("-l", ArgMatcher.requiredPrefix("^-l."));
        assertEquals("--vacuum-time=", ArgMatcher.requiredPrefix("^--vacuum-time=\\d+"));
        assertEquals("a.", ArgMatcher.requiredPrefix("^a\\.b*"));
        assertEquals("a.b", ArgMatcher.requiredPrefix("^a\\.b+"));
        assertEquals("+", ArgMatcher.requiredPrefix("^\\+[^:]*:(main|master)$"));
        assertNull(ArgMatcher.requiredPrefix("^\\+?(HEAD|@)$"));
        assertNull(ArgMatcher.requiredPrefix("^a|b"));
        assertNull(ArgMatcher.requiredPrefix("(?i)^abc"));
        assertNull(ArgMatcher.requiredPrefix("abc"));
        assertNull(ArgMatcher.requiredPrefix("^[a-z]+://"));
        assertNull(ArgMatcher.requiredPrefix("^\\x00+/"));
        assertEquals("x", ArgMatcher.requiredPrefix("^x[|]y"));
    }

    /** Every match of every anchored rule regex starts with its prefix, over random texts around the prefix. */
    @Test
    void everyMatchStartsWithThePrefix() {
        List<String> regexes = new ArrayList<>(List.of("^--?replace(=.*)?$", "^ab*c", "^a\\.b*", "^-l."));
        regexes.addAll(BuiltInPackRegexes.all());
        assertTrue(regexes.size() > 40, "the packs' regexes were found: " + regexes.size());
        Random random = new Random(16);
        String alphabet = "-+/.=:abclrxeptsy0 ";
        int checked = 0;
        for (String regex : regexes) {
            String prefix = ArgMatcher.requiredPrefix(regex);
            if (prefix == null) {
                continue;
            }
            Pattern pattern = Pattern.compile(regex);
            for (int n = 0; n < 2_000; n++) {
                StringBuilder text = new StringBuilder(random.nextBoolean() ? prefix.substring(0, random.nextInt(prefix.length() + 1)) : "");
                for (int i = random.nextInt(8); i > 0; i--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                if (pattern.matcher(text).find()) {
                    checked++;
                    assertTrue(text.toString().startsWith(prefix), regex + " matched " + text);
                }
            }
        }
        assertTrue(checked > 100, "some random texts matched: " + checked);
    }
}
