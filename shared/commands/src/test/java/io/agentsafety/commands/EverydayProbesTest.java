package io.agentsafety.commands;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every line of {@code corpus/everyday-probes.tsv} (written for issue 14's false alarms on unseen material: routine
 * work and look-alikes that must be allowed with nothing unresolved, and their destructive twins that must be blocked)
 * gets the verdict it is labelled with. Unlike CommandCorpusTest, which keeps floors per family, this set holds no
 * known miss: a change that turns one line around fails here with the line and the findings.
 */
class EverydayProbesTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    record Probe(boolean block, String family, String cwd, String command) {
    }

    static List<Probe> probes() throws IOException {
        try (InputStream in = EverydayProbesTest.class.getResourceAsStream("/io/agentsafety/commands/corpus/everyday-probes.tsv")) {
            assertNotNull(in, "corpus/everyday-probes.tsv on the test classpath");
            List<Probe> probes = new ArrayList<>();
            for (String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (raw.isBlank() || raw.startsWith("#")) {
                    continue;
                }
                String[] f = raw.split("\t", 4);
                assertEquals(4, f.length, "four tab-separated fields: " + raw);
                assertTrue(f[0].equals("block") || f[0].equals("allow"), "expected is block or allow: " + raw);
                // here-documents are written on one line: \n is their newline
                String command = f[3].contains("<<") ? f[3].replace("\\n", "\n") : f[3];
                probes.add(new Probe(f[0].equals("block"), f[1], f[2].equals("-") ? null : f[2], command));
            }
            return probes;
        }
    }

    @Test
    void everyProbeGetsItsLabel() throws IOException {
        List<Probe> probes = probes();
        List<String> wrong = new ArrayList<>();
        int allow = 0;
        for (Probe p : probes) {
            CommandAssessment a = ANALYZER.analyzeShell(p.command(), p.cwd());
            allow += p.block() ? 0 : 1;
            if (a.blocked() != p.block()) {
                List<String> rules = a.findings().stream().map(CommandFinding::ruleId).toList();
                wrong.add((p.block() ? "missed " : "false alarm ") + p.family() + " | " + p.command().replace("\n", "\\n")
                    + " -> " + a.verdict() + " " + rules + " " + a.unresolved());
            }
        }
        assertTrue(probes.size() >= 1500, "the probe set, was " + probes.size());
        assertTrue(allow >= 600 && probes.size() - allow >= 300, "harmless " + allow + ", destructive " + (probes.size() - allow));
        assertTrue(wrong.isEmpty(), wrong.size() + " probes with the wrong verdict:\n" + String.join("\n", wrong));
    }
}
