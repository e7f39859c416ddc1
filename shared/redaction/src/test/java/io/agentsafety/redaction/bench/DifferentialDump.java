package io.agentsafety.redaction.bench;

import io.agentsafety.redaction.Finding;
import io.agentsafety.redaction.RedactionResult;
import io.agentsafety.redaction.Redactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Differential check for engine changes that must keep every finding: redacts the benchmark inputs, case and
 * Unicode variants of them, and every file under the given paths (e.g. {@code detectors.yaml}, whose inline
 * examples exercise every row; the test corpora), and prints one line per input with the SHA-256 of the
 * redacted text and the findings (kind, span, detector). Run it with the old engine's classes and the new
 * one's and {@code diff} the outputs (BENCHMARK.md, "Same findings"). Uses only the public API, so it runs
 * against older builds too: {@code java -cp <bench classes>:<engine classes>:<deps> ...DifferentialDump paths...}.
 */
public final class DifferentialDump {

    private DifferentialDump() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> inputs = new TreeMap<>();
        int mb = 1 << 20;
        inputs.put("mixed-10MiB-seed1", BenchmarkData.mixedLog(10 * mb, 1));
        for (int seed = 2; seed <= 4; seed++) {
            inputs.put("mixed-1MiB-seed" + seed, BenchmarkData.mixedLog(mb, seed));
        }
        inputs.put("clean-1MiB", BenchmarkData.cleanLog(mb, 2));
        inputs.put("assignments-1MiB", BenchmarkData.assignments(mb));
        inputs.put("base64-1MiB", BenchmarkData.base64Run(mb, 3));
        inputs.put("keywords-1MiB", BenchmarkData.keywordStorm(mb));
        String variant = BenchmarkData.mixedLog(mb, 5);
        inputs.put("mixed-1MiB-seed5", variant);
        addVariants(inputs, "mixed-1MiB-seed5", variant);
        for (String arg : args) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(Path.of(arg))) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                inputs.put(f.toString(), text);
                addVariants(inputs, f.toString(), text);
            }
        }
        Redactor redactor = Redactor.builtIn();
        long findings = 0;
        for (Map.Entry<String, String> in : inputs.entrySet()) {
            RedactionResult r = redactor.redact(in.getValue());
            findings += r.findings().size();
            System.out.printf("%s chars=%d findings=%d sha256=%s%n", in.getKey(), in.getValue().length(),
                r.findings().size(), digest(r));
        }
        System.out.printf("inputs=%d findings=%d%n", inputs.size(), findings);
    }

    /** Upper and lower case, and the non-ASCII case partners of k and s (U+212A, U+017F) RE2J folds with them. */
    private static void addVariants(Map<String, String> inputs, String name, String text) {
        inputs.put(name + " [upper]", text.toUpperCase(Locale.ROOT));
        inputs.put(name + " [lower]", text.toLowerCase(Locale.ROOT));
        StringBuilder b = new StringBuilder(text);
        for (int i = 0; i < b.length(); i += 7) {
            char c = b.charAt(i);
            if (c == 'k' || c == 'K') {
                b.setCharAt(i, '\u212A');
            } else if (c == 's' || c == 'S') {
                b.setCharAt(i, '\u017F');
            }
        }
        inputs.put(name + " [fold]", b.toString());
    }

    private static String digest(RedactionResult r) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(r.redacted().getBytes(StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (Finding f : r.findings()) {
                lines.add(f.kind() + " " + f.start() + " " + f.end() + " " + f.detector());
            }
            md.update(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
