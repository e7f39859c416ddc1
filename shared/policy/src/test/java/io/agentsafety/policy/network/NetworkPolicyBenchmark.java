package io.agentsafety.policy.network;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency benchmark for {@link NetworkPolicy#assessUrl}: a plain loop with warm-up and percentiles, run by hand
 * (not a unit test; timings in tests are meaningless):
 * <pre>
 *   ./mvnw -B -q -ntp -pl shared/policy -am test-compile
 *   java -cp shared/policy/target/classes:shared/policy/target/test-classes io.agentsafety.policy.network.NetworkPolicyBenchmark
 * </pre>
 * Each call is timed with System.nanoTime (timer cost, ~20-30 ns, is included). Results go to NETWORK.md.
 */
public final class NetworkPolicyBenchmark {

    private static final Map<String, String> URLS = new LinkedHashMap<>();

    static {
        URLS.put("allowed exact", "https://pypi.org/simple/pandas/");
        URLS.put("allowed wildcard + query", "https://objects.githubusercontent.com/github-production-release-asset/123?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20240101&X-Amz-Signature=" + "ab".repeat(600));
        URLS.put("userinfo trick", "https://github.com@attacker.example/");
        URLS.put("backslash disagreement", "https://github.com\\@attacker.example/");
        URLS.put("hex IPv4 metadata", "http://0xA9.0xFE.0xA9.0xFE/latest/meta-data/");
        URLS.put("IPv4-mapped IPv6", "http://[::ffff:127.0.0.1]:8080/");
        URLS.put("IDN fullwidth", "https://ｇｉｔｈｕｂ.com/acme");
        URLS.put("percent-encoded host", "https://%67ithub.com/");
        URLS.put("non-http scheme", "gopher://localhost:25/_HELO");
    }

    private NetworkPolicyBenchmark() {
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        NetworkPolicy policy = NetworkPolicy.fromAllowlist(
                "pypi.org,files.pythonhosted.org,mirror.packages.org,dl.jars.org,github.com,*.github.com,*.githubusercontent.com");
        List<String> urls = List.copyOf(URLS.values());
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += policy.assessUrl(urls.get(i % urls.size())).matches().size();
        }
        System.out.printf("JDK %s, %d available processors, warm-up %d calls, %d measured calls per URL%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), warmup, measured);
        System.out.printf("%-26s %8s %8s %8s %8s %9s%n", "case", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us");
        long[] all = new long[measured * urls.size()];
        int k = 0;
        for (Map.Entry<String, String> e : URLS.entrySet()) {
            long[] samples = new long[measured];
            for (int i = 0; i < measured; i++) {
                long start = System.nanoTime();
                sink += policy.assessUrl(e.getValue()).matches().size();
                samples[i] = System.nanoTime() - start;
            }
            System.arraycopy(samples, 0, all, k, measured);
            k += measured;
            print(e.getKey(), samples);
        }
        print("all", all);
        long start = System.nanoTime();
        int calls = 1_000_000;
        for (int i = 0; i < calls; i++) {
            sink += policy.assessUrl(urls.get(i % urls.size())).matches().size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("throughput, one thread, mixed URLs: %.0f calls/s (sink %d)%n", calls / seconds, sink);
    }

    private static void print(String name, long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        System.out.printf("%-26s %8.2f %8.2f %8.2f %8.2f %9.1f%n", name, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                pct(sorted, 99.9), sorted[sorted.length - 1] / 1000.0);
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
