package io.agentsafety.policy.action;

import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.RuleConfig;
import io.agentsafety.policy.RiskLevel;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.config.PolicyConfiguration;
import io.agentsafety.policy.network.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each evaluator judges a typed action built in code, without any JSON: evaluation is policy only, and the records
 * refuse the shapes the binding refuses, so an evaluator never has to.
 */
class TypedEvaluationTest {

    private static final PolicyConfiguration CONFIGURATION = new PolicyConfiguration();
    private static final NetworkPolicy NETWORK = NetworkPolicy.fromAllowlist("pypi.org,*.github.com");

    @Test
    void executeCode() {
        ExecuteCodeEvaluator evaluator = new ExecuteCodeEvaluator(CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS), NETWORK,
            CONFIGURATION);
        RuleMatch root = only(evaluator.evaluate(ExecuteCodeAction.ofCommand("sudo rm -rf /")), "fs.delete_root");
        assertEquals(Verdict.DENY, root.verdict());
        assertEquals(RiskLevel.CRITICAL, root.risk());
        assertEquals(List.of(), evaluator.evaluate(ExecuteCodeAction.ofCommand("ls -la")));
        // env values that look like paths resolve variables, in the caller's order
        assertEquals(Verdict.DENY, verdict(evaluator.evaluate(new ExecuteCodeAction("rm -rf $TARGET", null, null, null, null,
            null, Map.of("TARGET", "/etc"), null, null))));
        assertEquals(Verdict.DENY, verdict(evaluator.evaluate(new ExecuteCodeAction(null, null, null, "DROP TABLE users", null,
            null, null, null, null))));
        assertEquals(Verdict.ALLOW, verdict(evaluator.evaluate(new ExecuteCodeAction(null, "print('rm -rf /')", "python", null,
            null, null, null, null, null))));
    }

    @Test
    void deleteFiles() {
        DeleteFilesEvaluator evaluator = new DeleteFilesEvaluator(CONFIGURATION);
        RuleMatch etc = only(evaluator.evaluate(new DeleteFilesAction(List.of("/tmp/../etc"), false, false, null)),
            "delete.protected_path");
        assertEquals("/etc", etc.evidence());
        assertEquals(Verdict.DENY, etc.verdict());
        assertEquals(List.of(), evaluator.evaluate(new DeleteFilesAction(List.of("build"), true, false, "/srv/ws")));
        assertEquals(Verdict.REQUIRE_APPROVAL, verdict(evaluator.evaluate(new DeleteFilesAction(List.of("build"), true, true, null))));
    }

    @Test
    void networkAccess() {
        NetworkAccessEvaluator evaluator = new NetworkAccessEvaluator(NETWORK);
        assertEquals(Verdict.DENY, verdict(evaluator.evaluate(NetworkAccessAction.ofUrl("http://169.254.169.254/latest/meta-data", null))));
        assertEquals(List.of(), evaluator.evaluate(NetworkAccessAction.ofUrl("https://pypi.org/simple/", "install")));
        assertEquals(Verdict.DENY, verdict(evaluator.evaluate(new NetworkAccessAction(null, "127.0.0.1", 6379, null, null, null))));
    }

    @Test
    void deploy() {
        DeployEvaluator evaluator = new DeployEvaluator(CONFIGURATION);
        RuleMatch production = only(evaluator.evaluate(new DeployAction("ＰＲＯＤ", "api", null, null, null, null, null)),
            "deploy.production_requires_approval");
        assertEquals(Verdict.REQUIRE_APPROVAL, production.verdict());
        assertEquals(List.of(), evaluator.evaluate(new DeployAction("staging", null, null, null, null, null, null)));
    }

    @Test
    void billing() {
        BillingEvaluator evaluator = new BillingEvaluator(CONFIGURATION);
        RuleMatch over = only(evaluator.evaluate(new BillingAction(new BigDecimal("250.00"), "USD", "cus_1", null, null)),
            "billing.over_approval_threshold");
        assertEquals("250 USD", over.evidence());
        assertEquals(Verdict.REQUIRE_APPROVAL, over.verdict());
        // exact: one micro-unit over the threshold is over it
        assertEquals(Verdict.REQUIRE_APPROVAL, verdict(evaluator.evaluate(new BillingAction(new BigDecimal("100.000001"), "USD",
            "cus_1", null, null))));
        assertEquals(List.of(), evaluator.evaluate(new BillingAction(new BigDecimal("100"), "EUR", "cus_1", null, null)));
    }

    @Test
    void theRecordsRefuseWhatTheBindingRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new ExecuteCodeAction("ls", null, null, "SELECT 1", null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ExecuteCodeAction(null, "print(1)", null, null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new DeleteFilesAction(List.of(), false, false, null));
        assertThrows(IllegalArgumentException.class, () -> new DeleteFilesAction(List.of("a"), true, false, "relative"));
        assertThrows(IllegalArgumentException.class, () -> new NetworkAccessAction("https://a.example/", "a.example", null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new NetworkAccessAction(null, "a.example", 0, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new DeployAction("\u200b", null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new BillingAction(BigDecimal.ZERO, "USD", "c", null, null));
        assertThrows(IllegalArgumentException.class, () -> new BillingAction(new BigDecimal("1.0000001"), "USD", "c", null, null));
        assertThrows(IllegalArgumentException.class, () -> new BillingAction(BigDecimal.ONE, "usd", "c", null, null));
    }

    private static RuleMatch only(List<RuleMatch> matches, String id) {
        assertTrue(matches.stream().anyMatch(m -> m.id().equals(id)), () -> id + " not in " + matches);
        return matches.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static Verdict verdict(List<RuleMatch> matches) {
        return matches.stream().map(RuleMatch::verdict).reduce(Verdict.ALLOW, Verdict::strictest);
    }
}
