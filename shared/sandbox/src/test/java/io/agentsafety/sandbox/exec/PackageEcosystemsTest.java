package io.agentsafety.sandbox.exec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ecosystem table (its own examples are checked at load) and the install lines built from it. */
class PackageEcosystemsTest {

    final PackageEcosystems ecosystems = new PackageEcosystems();

    @Test
    void loadsTheThreeEcosystemsWithTheirRegistries() {
        assertEquals(List.of("pip", "npm", "apt"), List.copyOf(ecosystems.names()));
        assertEquals(List.of("pypi.org", "files.pythonhosted.org"), ecosystems.get("pip").orElseThrow().registryHosts());
        assertEquals(List.of("registry.npmjs.org"), ecosystems.get("npm").orElseThrow().registryHosts());
    }

    @Test
    void installLinesQuoteEveryPackageAsOneWord() {
        PackageEcosystem npm = ecosystems.get("npm").orElseThrow();
        assertEquals("npm install '--no-audit' '--no-fund' '--ignore-scripts' '--registry=https://registry.npmjs.org/' 'react@>=18 <19' '@types/node'",
            npm.installCommand(List.of("react@>=18 <19", "@types/node")));
        PackageEcosystem pip = ecosystems.get("pip").orElseThrow();
        assertTrue(pip.installCommand(List.of("Django>=4.2,<5")).endsWith(" 'Django>=4.2,<5'"));
        assertThrows(IllegalArgumentException.class, () -> pip.installCommand(List.of("x'; rm -rf ~; '")));
    }

    @Test
    void nothingShellLikeIsEverAName() {
        for (String eco : ecosystems.names()) {
            PackageEcosystem e = ecosystems.get(eco).orElseThrow();
            for (String bad : List.of("a;b", "a|b", "a&b", "a`b`", "$(a)", "a\nb", "'a'", "\"a\"", "a>b c", "-x", "--opt", "a\\b", "~/x", "a b")) {
                assertFalse(e.accepts(bad) && (bad.contains(";") || bad.contains("`") || bad.contains("$") || bad.contains("\n")
                    || bad.contains("'") || bad.contains("\"") || bad.startsWith("-") || bad.contains("\\")), eco + " accepts " + bad);
            }
        }
    }

    @Test
    void shellQuotingSurvivesQuotes() {
        assertEquals("'it'\\''s'", ShellQuote.word("it's"));
        assertEquals("plain-word", ShellQuote.word("plain-word"));
        assertEquals("'-flag'", ShellQuote.word("-flag"));
    }
}
