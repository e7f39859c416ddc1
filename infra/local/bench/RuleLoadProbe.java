import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.RuleConfig;
import io.agentsafety.commands.TestedRulePacks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Thread CPU of a start's command-rule work in a fresh JVM (COLD-START.md, cold10 and cold13): building the default
 * analyzer as a function's start does ({@code TestedRulePacks.analyzer}), then the first command (which, with the
 * tool-name index, loads the rules naming its tools), then every rule left (what a SnapStart checkpoint hook loads).
 * One line per JVM: {@code build first-command rest} in ms and the rules loaded after the build. Usage, against the
 * jar inside a function zip (fresh JVMs, alternated with another build's jar):
 *   unzip -p functions/policy-check/target/policy-check-lambda.zip lib/policy-check.jar > /tmp/pc.jar
 *   javac -cp /tmp/pc.jar -d /tmp/probe infra/local/bench/RuleLoadProbe.java
 *   java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp /tmp/probe:/tmp/pc.jar RuleLoadProbe "git status"
 */
public class RuleLoadProbe {
    public static void main(String[] args) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        String command = args.length > 0 ? args[0] : "git status";
        long t0 = bean.getCurrentThreadCpuTime();
        CommandAnalyzer analyzer = TestedRulePacks.analyzer(RuleConfig.DEFAULTS);
        long t1 = bean.getCurrentThreadCpuTime();
        String loaded = loadedRules(analyzer);
        String verdict = analyzer.analyzeShell(command).verdict().wireName();
        long t2 = bean.getCurrentThreadCpuTime();
        int total = analyzer.rules().size(); // loads every rule left
        long t3 = bean.getCurrentThreadCpuTime();
        System.out.printf("build %.1f first-command %.1f rest %.1f ms; rules loaded after the build %s of %d; %s: %s%n",
            (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, loaded, total, command, verdict);
    }

    /** The analyzer's loaded-rule count, when its build has one (builds before cold13 load every rule). */
    private static String loadedRules(CommandAnalyzer analyzer) {
        try {
            return String.valueOf(CommandAnalyzer.class.getMethod("loadedRuleCount").invoke(analyzer));
        } catch (ReflectiveOperationException e) {
            return "all";
        }
    }
}
