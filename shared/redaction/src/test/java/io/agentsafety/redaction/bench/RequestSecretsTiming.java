package io.agentsafety.redaction.bench;

import io.agentsafety.redaction.RedactionOptions;
import io.agentsafety.redaction.RedactionResult;
import io.agentsafety.redaction.Redactor;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cost of per-request known values ({@code extra_secrets}): CPU time and bytes allocated by the redacting
 * thread for one {@code Redactor.redact(text, options)} call on a 1 MB mixed log holding the values,
 * best of 5 after 2 warm-up calls: {@code java ... RequestSecretsTiming}.
 */
public final class RequestSecretsTiming {

    private RequestSecretsTiming() {
    }

    public static void main(String[] args) {
        Redactor redactor = Redactor.builtIn();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random r = new Random(13);
        String base = BenchmarkData.mixedLog(1 << 20, 1);
        Object[][] cases = {
            {"none", List.<String>of()},
            {"200 x 56 chars", values(r, 200, 56)},
            {"1 x 10,000 chars", values(r, 1, 10_000)},
            {"1 x 64 KiB", values(r, 1, 64 * 1024)},
            {"1000 x 65 chars", values(r, 1000, 65)},
        };
        System.out.printf("%-18s %10s %10s %14s %9s%n", "extra_secrets", "wall ms", "cpu ms", "allocated MB", "findings");
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            List<String> secrets = (List<String>) c[1];
            StringBuilder text = new StringBuilder(base);
            for (int i = 0; i < secrets.size(); i += Math.max(1, secrets.size() / 20)) {
                text.insert(text.length() * (i + 1) / (secrets.size() + 1), " " + secrets.get(i) + " ");
            }
            String t = text.toString();
            RedactionOptions options = new RedactionOptions(secrets, Map.of(), null, List.of());
            long bestWall = Long.MAX_VALUE;
            long bestCpu = Long.MAX_VALUE;
            long bestAlloc = Long.MAX_VALUE;
            int findings = 0;
            for (int i = 0; i < 7; i++) {
                long a = threads.getCurrentThreadAllocatedBytes();
                long cpu = threads.getCurrentThreadCpuTime();
                long w = System.nanoTime();
                RedactionResult result = redactor.redact(t, options);
                if (i >= 2) {
                    bestWall = Math.min(bestWall, System.nanoTime() - w);
                    bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - cpu);
                    bestAlloc = Math.min(bestAlloc, threads.getCurrentThreadAllocatedBytes() - a);
                }
                findings = result.count();
            }
            System.out.printf("%-18s %10.1f %10.1f %14.1f %9d%n", c[0], bestWall / 1e6, bestCpu / 1e6, bestAlloc / 1e6, findings);
        }
    }

    private static List<String> values(Random r, int count, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=";
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            char[] v = new char[length];
            for (int k = 0; k < length; k++) {
                v[k] = alphabet.charAt(r.nextInt(alphabet.length()));
            }
            out.add(new String(v));
        }
        return out;
    }
}
