import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Thread CPU per invocation of the policy-check worker's log lines (BENCHMARK.md, chk11): the MDC as InvocationMdc sets
 * it (a new request id per invocation), PolicyEngine's decision line, and on one invocation in four the approval's line
 * (LoadRun's require_approval share), through the shipped LogConfigurator into a null stream. 8 rounds of 3,000.
 * Usage, against the jar inside a function zip (LOG_FORMAT=json for Lambda's JSON lines):
 *   unzip -p functions/policy-check/target/policy-check-lambda.zip lib/policy-check.jar > /tmp/pc.jar
 *   javac -cp /tmp/pc.jar -d /tmp/probe infra/local/bench/LogLineProbe.java
 *   java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp /tmp/probe:/tmp/pc.jar LogLineProbe
 */
public class LogLineProbe {
    public static void main(String[] args) {
        PrintStream real = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Logger log = LoggerFactory.getLogger("io.agentsafety.policy.PolicyEngine");
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        int n = 3000;
        for (int round = 1; round <= 8; round++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                String id = UUID.randomUUID().toString();
                MDC.put("AWSRequestId", id);
                MDC.put("request_id", id);
                MDC.put("function", "PolicyCheckFunction");
                MDC.put("cold_start", "false");
                String dec = "dec_" + UUID.randomUUID().toString().replace("-", "");
                log.info("decision {} action={} verdict={} risk={} rules={} run_id={}", dec, "execute_code",
                    "require_approval", "high", java.util.List.of("cmd.rm-recursive"), "run-bench-1");
                if (i % 4 == 0) {
                    log.info("decision {}: approval {} requested (needs {} approver(s))", dec, "apr_" + i, "1");
                }
            }
            long t1 = bean.getCurrentThreadCpuTime();
            real.printf("round %d: %.1f us per invocation%n", round, (t1 - t0) / 1000.0 / n);
        }
        MDC.clear();
    }
}
