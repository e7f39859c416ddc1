package io.agentsafety.redaction;

import io.agentsafety.redaction.bench.BenchmarkData;

public final class ProfileMixed {
    public static void main(String[] args) {
        String text = args.length > 0 && args[0].equals("base64") ? BenchmarkData.base64Run(1 << 20, 3)
            : args.length > 0 && args[0].equals("keywords") ? BenchmarkData.keywordStorm(1 << 20) : BenchmarkData.mixedLog(4 << 20, 1);
        Redactor r = Redactor.builtIn();
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            r.redact(text);
        }
    }
}
