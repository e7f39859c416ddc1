package io.agentsafety.redaction;

import io.agentsafety.redaction.bench.BenchmarkData;

import java.util.ArrayList;
import java.util.List;

/** Development tool: time each detector alone on the benchmark inputs (slowest first). */
public final class DetectorProfile {

    private DetectorProfile() {
    }

    public static void main(String[] args) {
        DetectorTable table = DetectorTable.builtIn();
        String[][] inputs = {
            {"mixed", BenchmarkData.mixedLog(2 << 20, 1)},
            {"base64", BenchmarkData.base64Run(1 << 20, 3)},
            {"keywords", BenchmarkData.keywordStorm(1 << 20)},
        };
        for (int warm = 0; warm < 3; warm++) {
            Redactor.builtIn().redact(inputs[0][1]);
        }
        for (String[] in : inputs) {
            if (args.length > 0 && !args[0].equals(in[0])) {
                continue;
            }
            List<String> rows = new ArrayList<>();
            long total = 0;
            for (Detector d : table.detectors()) {
                Redactor alone = new Redactor(List.of(d), table.globalAllow(), List.of(), 4);
                alone.redact(in[1]);
                long ns = Long.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    long t = System.nanoTime();
                    alone.redact(in[1]);
                    ns = Math.min(ns, System.nanoTime() - t);
                }
                total += ns;
                rows.add(String.format("%9.1f ms %s", ns / 1e6, d.id()));
            }
            rows.sort((a, b) -> Double.compare(Double.parseDouble(b.trim().split(" ")[0]), Double.parseDouble(a.trim().split(" ")[0])));
            System.out.println("== " + in[0] + " total " + total / 1e6 + " ms");
            rows.stream().limit(12).forEach(System.out::println);
        }
    }
}
