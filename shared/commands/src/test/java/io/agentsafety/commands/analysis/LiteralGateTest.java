package io.agentsafety.commands.analysis;

import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.RuleConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The literal gates in front of CodeAnalyzer's scans and ConstantFolder's rewrites skip only work that could not have
 * matched: every command of the labelled corpus and of the external (dcg) corpus, many of them interpreter one-liners,
 * is assessed the same with the gates and with every scan and rewrite run.
 */
class LiteralGateTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @AfterEach
    void gatesBackOn() {
        LiteralGate.scanAlways = false;
    }

    @Test
    void gatesNeverChangeAnAssessment() throws IOException {
        List<String[]> inputs = new ArrayList<>();
        for (String line : lines("/io/agentsafety/commands/corpus/commands.tsv")) {
            String[] f = line.split("\t", 4);
            inputs.add(new String[] {f[3], f[2].equals("-") ? null : f[2]});
        }
        for (String line : lines("/io/agentsafety/commands/external/dcg/dcg.tsv")) {
            String command = line.substring(line.lastIndexOf('\t') + 1).replace("\\n", "\n").replace("\\\\", "\\");
            inputs.add(new String[] {command, null});
        }
        assertTrue(inputs.size() > 2000, inputs.size() + " inputs");
        int differing = 0;
        StringBuilder first = new StringBuilder();
        for (String[] in : inputs) {
            LiteralGate.scanAlways = false;
            String gated = ANALYZER.analyzeShell(in[0], in[1]).toString();
            LiteralGate.scanAlways = true;
            String full = ANALYZER.analyzeShell(in[0], in[1]).toString();
            if (!gated.equals(full)) {
                differing++;
                if (first.isEmpty()) {
                    first.append(in[0]).append("\n gated: ").append(gated).append("\n full:  ").append(full);
                }
            }
        }
        assertEquals(0, differing, "assessments that a gate changed, first: " + first);
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = LiteralGateTest.class.getResourceAsStream(resource)) {
            List<String> out = new ArrayList<>();
            for (String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!raw.isBlank() && !raw.startsWith("#")) {
                    out.add(raw);
                }
            }
            return out;
        }
    }
}
