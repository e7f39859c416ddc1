package io.agentsafety.policy.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentNamesTest {

    private static String skeleton(String name) {
        return EnvironmentNames.skeleton(EnvironmentNames.normalize(name));
    }

    @Test
    void invisibleCharactersWhitespaceAndOuterDotsAreRemoved() {
        assertEquals("prod", EnvironmentNames.normalize("prod\u200b"));
        assertEquals("prod", EnvironmentNames.normalize("prod."));
        assertEquals("prod", EnvironmentNames.normalize(".prod.."));
        assertEquals("prod", EnvironmentNames.normalize("p\u00adr\u200do\u2060d\ufeff"));
        assertEquals("prod", EnvironmentNames.normalize(" prod\u00a0\t\u3000"));
        assertEquals("prod", EnvironmentNames.normalize("p r o d"));
        assertEquals("prod", EnvironmentNames.normalize("\u202eprod\u202c"), "bidi controls");
        assertEquals("prod", EnvironmentNames.normalize("pro\ufe0fd\u034f"), "variation selector, combining grapheme joiner");
        assertEquals("prod.\u200b.", "prod.\u200b.", "sanity");
        assertEquals("prod", EnvironmentNames.normalize("prod.\u200b."), "dots hidden behind invisible characters");
        assertEquals("PROD", EnvironmentNames.normalize("\uff30\uff32\uff2f\uff24"), "fullwidth → ASCII by NFKC");
        assertEquals("prod", EnvironmentNames.normalize("\ud835\udc29\ud835\udc2b\ud835\udc28\ud835\udc1d"), "mathematical bold by NFKC");
        assertEquals("eu.prod", EnvironmentNames.normalize("eu.prod"), "inner dots stay");
        assertEquals("", EnvironmentNames.normalize("\u200b\u200c. "));
    }

    @ParameterizedTest(name = "{0} looks like {1}")
    @CsvSource({
        "pr\u043ed, prod",            // Cyrillic о
        "\u0440\u0433\u043e\u0501, prod", // all Cyrillic: р г о ԁ
        "\u03a1\u039f\u0394, po\u03b4", // Greek capitals: Ρ→p, Ο→o (Δ has no Latin look-alike)
        "PR\u039fD, prod",            // Greek capital omicron
        "pr0d, prod",
        "pr\u00f6d, prod",            // diaeresis dropped
        "pro\u0301d, prod",           // combining acute dropped
        "\u0440rod, prod",
        "producti\u043en, production",
        "pr\u1d0fd, prod",            // Latin small capital O
        "\u13e2\u13d2\u13a4\u13a0, prod", // Cherokee
        "PROD, prod",
        "Production, production",
        "rnain, main",
        "prod\u2010eu, prod-eu",      // hyphen
        "\u0412UILD, build"           // Cyrillic capital В
    })
    void lookAlikesShareTheSkeleton(String spoof, String real) {
        assertEquals(skeleton(real), skeleton(spoof));
    }

    @Test
    void differentNamesKeepDifferentSkeletons() {
        assertNotEquals(skeleton("prod"), skeleton("production-eu"));
        assertNotEquals(skeleton("prod"), skeleton("production"));
        assertNotEquals(skeleton("prod"), skeleton("staging"));
        assertNotEquals(skeleton("prod"), skeleton("dev"));
        assertNotEquals(skeleton("prod"), skeleton("preprod"));
        assertNotEquals(skeleton("prod"), skeleton("prod2"));
        assertNotEquals(skeleton("prod"), skeleton("\u043f\u0440\u043e\u0434"), "Russian прод is another word, not a look-alike");
    }

    @Test
    void mixedScriptsAreReportedAndUsualMixesAreNot() {
        assertEquals("CYRILLIC, LATIN", EnvironmentNames.mixedScripts("pr\u043ed"));
        assertEquals("GREEK, LATIN", EnvironmentNames.mixedScripts("pr\u03bfd"));
        assertEquals("CYRILLIC, LATIN", EnvironmentNames.mixedScripts("prod.\u0441\u0442\u0435\u0439\u0434\u0436"), "across labels too");
        assertNull(EnvironmentNames.mixedScripts("production-eu-1"));
        assertNull(EnvironmentNames.mixedScripts("\u043f\u0440\u043e\u0434"));
        assertNull(EnvironmentNames.mixedScripts("\u0440\u0433\u043e\u0501"), "single-script spoofs are caught by the skeleton");
        assertNull(EnvironmentNames.mixedScripts("prod-\u672c\u756a\u30b5\u30fc\u30d0"), "Latin + Han + Katakana is a usual Japanese mix");
        assertNull(EnvironmentNames.mixedScripts("pro\u0301d"), "combining marks belong to no script");
        assertTrue(EnvironmentNames.mixedScripts("prod-\u0627\u0644\u0625\u0646\u062a\u0627\u062c") != null, "Latin + Arabic");
    }

    @Test
    void theTableLoadsCompletely() {
        assertTrue(Confusables.load().size() >= 150);
        assertEquals("o", Confusables.load().map(0x043E));
        assertEquals("rn", Confusables.load().map(0x041C), "М → m → rn: targets are skeletons themselves");
    }
}
