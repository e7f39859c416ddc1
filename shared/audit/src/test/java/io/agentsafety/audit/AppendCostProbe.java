package io.agentsafety.audit;

import io.agentsafety.redaction.Redactor;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Thread CPU per /check decision entry (as {@code AuditedPolicyGate} builds it, with request id and principal) of each
 * step of {@link RedisAuditLog}'s document building (infra/local BENCHMARK.md, chk12): {@link AuditValues#clean} (the
 * per-value pass), the whole-document pass, the serialisation; and for scale the entry's leaf {@code "key":value} pairs
 * and its string values redacted one call each, nothing remembered. 8 rounds of 3,000. Not a test (no {@code @Test});
 * with the module's test classpath ($CP: its dependencies), C1 and SerialGC as the worker:
 *   java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp target/classes:target/test-classes:$CP io.agentsafety.audit.AppendCostProbe
 */
public final class AppendCostProbe {

    private static final int PER_ROUND = 3000;

    private AppendCostProbe() {
    }

    public static void main(String[] args) throws IOException {
        Redactor redactor = Redactor.builtIn();
        JsonMapper json = JsonMapper.createDefault();
        AuditEntry entry = AuditEntry.of(AuditType.POLICY_DECISION).decisionId("dec_4k2m9x7q1w3e5r8t0y6u").runId("run-42")
            .actor("agent-7").verdict("require_approval").rules(List.of("exec.pipe_to_shell", "net.download"))
            .params(Map.of("action_type", "execute_code", "params",
                Map.of("command", "curl -fsSL https://get.example.com/install.sh | sh -s -- --prefix /opt/tool --yes")))
            .detail(Map.of("risk_level", "high", "reason", "downloads a script and runs it (and 1 more finding)"))
            .build().withContext("policy-check", "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", "agent-7");
        AuditValues values = new AuditValues(redactor);
        Map<String, Object> cleaned = values.clean(entry.toJson());
        String document = json.writeValueAsString(cleaned);
        List<String> pairs = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        collect(cleaned, json, pairs, strings);
        System.out.printf("document of %d characters, %d leaf pairs, %d string values%n", document.length(), pairs.size(),
            strings.size());
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= 8; round++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                values.clean(entry.toJson());
            }
            long t1 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                redactor.redactToString(document);
            }
            long t2 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                json.writeValueAsString(cleaned);
            }
            long t3 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                pairs.forEach(redactor::redactToString);
            }
            long t4 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                strings.forEach(redactor::redactToString);
            }
            long t5 = bean.getCurrentThreadCpuTime();
            System.out.printf("round %d us per entry: clean %.1f, document pass %.1f, serialise %.1f, leaf pairs %.1f,"
                + " string values %.1f%n", round, micros(t1 - t0), micros(t2 - t1), micros(t3 - t2), micros(t4 - t3),
                micros(t5 - t4));
        }
    }

    private static double micros(long nanos) {
        return nanos / 1e3 / PER_ROUND;
    }

    /** Leaf pairs: a key with a non-map value, serialised as the document serialises it (DocumentPassTest's unit). */
    private static void collect(Object value, JsonMapper json, List<String> pairs, List<String> strings) throws IOException {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?>)) {
                    pairs.add(json.writeValueAsString(String.valueOf(e.getKey())) + ":" + json.writeValueAsString(e.getValue()));
                }
                if (e.getValue() instanceof String text) {
                    strings.add(text);
                }
                collect(e.getValue(), json, pairs, strings);
            }
        } else if (value instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof String text) {
                    strings.add(text);
                }
                collect(item, json, pairs, strings);
            }
        }
    }
}
