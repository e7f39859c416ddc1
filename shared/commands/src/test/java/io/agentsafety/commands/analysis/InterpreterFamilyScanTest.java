package io.agentsafety.commands.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The regex-free interpreter-family and release-branch checks answer exactly as the regexes they replaced. */
class InterpreterFamilyScanTest {

    private static final Pattern VERSIONED_INTERPRETER = Pattern.compile("(python|pypy|perl|ruby|php)[0-9.]*|nodejs");
    private static final Pattern VERSION_SUFFIX = Pattern.compile("[0-9.]+$");
    private static final String[] STEMS = {"python", "pypy", "perl", "ruby", "php", "nodejs", "node", "py", "p", "r", "bash", ""};

    /** The former implementation, kept verbatim as the reference. */
    private static String regexFamily(String lower) {
        if (lower.isEmpty() || lower.length() > 32 || "pnrb".indexOf(lower.charAt(0)) < 0
            || !VERSIONED_INTERPRETER.matcher(lower).matches()) {
            return lower;
        }
        if (lower.equals("nodejs")) {
            return "node";
        }
        String family = VERSION_SUFFIX.matcher(lower).replaceAll("");
        return family.equals("pypy") ? "python" : family;
    }

    @Test
    void interpreterFamilyAgreesWithTheRegex() {
        String tail = "0123456789..ajs-\n";
        Random random = new Random(16);
        int changed = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder(STEMS[random.nextInt(STEMS.length)]);
            for (int i = random.nextInt(random.nextInt(8) == 0 ? 40 : 6); i > 0; i--) {
                text.append(tail.charAt(random.nextInt(tail.length())));
            }
            String lower = text.toString();
            String expected = regexFamily(lower);
            changed += expected.equals(lower) ? 0 : 1;
            assertEquals(expected, ProgramCode.interpreterFamily(lower), () -> "name: " + lower);
        }
        int both = changed;
        assertTrue(both > 5_000 && both < 195_000, () -> "the random names cover both answers: " + both);
        assertEquals("python", ProgramCode.interpreterFamily("python3.12"));
        assertEquals("python", ProgramCode.interpreterFamily("pypy3"));
        assertEquals("node", ProgramCode.interpreterFamily("nodejs"));
        assertEquals("python3x", ProgramCode.interpreterFamily("python3x"));
    }

    private static final Pattern RELEASE_VERSION = Pattern.compile("release-?v?[0-9].*");

    /** isProtectedBranch runs this regex only on refs starting with "release": every match does. */
    @Test
    void releaseBranchRegexMatchesOnlyAfterItsPrefix() {
        String[] stems = {"release", "releases", "relea", "rel", "xrelease", "main", ""};
        String tail = "-/v0123456789.xr\n";
        Random random = new Random(7);
        int matches = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder text = new StringBuilder(stems[random.nextInt(stems.length)]);
            for (int i = random.nextInt(6); i > 0; i--) {
                text.append(tail.charAt(random.nextInt(tail.length())));
            }
            String lower = text.toString();
            if (RELEASE_VERSION.matcher(lower).matches()) {
                matches++;
                assertTrue(lower.startsWith("release"), lower);
                assertTrue(ArgClasses.isProtectedBranch(lower), lower);
            }
        }
        int found = matches;
        assertTrue(found > 2_000, () -> "the random refs reach the regex: " + found);
        assertTrue(ArgClasses.isProtectedBranch("origin/Release-v2.1"));
        assertTrue(ArgClasses.isProtectedBranch("+HEAD:release/7"));
        assertTrue(!ArgClasses.isProtectedBranch("prerelease-1"));
    }
}
