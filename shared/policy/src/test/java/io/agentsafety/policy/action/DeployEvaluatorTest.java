package io.agentsafety.policy.action;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.ProblemException;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.config.PolicyConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeployEvaluatorTest {

    private static final DeployEvaluator DEFAULTS = new DeployEvaluator(new PolicyConfiguration());

    private static List<RuleMatch> evaluate(DeployEvaluator evaluator, String environment) {
        String json = "{\"environment\":\"" + environment.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"target\":\"api\"}";
        JsonFields params = JsonFields.parse(json.getBytes(StandardCharsets.UTF_8));
        var action = ActionBinding.deploy(params);
        params.validate();
        return evaluator.evaluate(action);
    }

    private static String ruleOf(DeployEvaluator evaluator, String environment) {
        List<RuleMatch> matches = evaluate(evaluator, environment);
        return matches.isEmpty() ? "allow" : matches.get(0).id();
    }

    /** Issue 13 probe: these three were allowed without approval. */
    @ParameterizedTest
    @ValueSource(strings = {"prod\u200b", "prod.", "PROD\u200b.", "\uff50\uff52\uff4f\uff44", "pr0d", "Pr\u00f6d", " production\u2060",
        "\u0440\u0433\u043e\u0501", "\u13e2\u13d2\u13a4\u13a0", "pro\u0301d"})
    void spoofedProductionNamesNeedApproval(String environment) {
        List<RuleMatch> matches = evaluate(DEFAULTS, environment);
        assertEquals("deploy.production_requires_approval", matches.get(0).id(), environment);
        assertEquals(Verdict.REQUIRE_APPROVAL, matches.get(0).verdict());
        assertTrue(matches.get(0).description().matches("deploys to (prod|production) require human approval"), matches.get(0).description());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pr\u043ed", "pr\u03bfd", "produ\u0441tion", "staging-\u0434\u0435\u0432"})
    void namesMixingScriptsAreDenied(String environment) {
        List<RuleMatch> matches = evaluate(DEFAULTS, environment);
        assertEquals("deploy.environment_mixed_scripts", matches.get(0).id(), environment);
        assertEquals(Verdict.DENY, matches.get(0).verdict());
        assertTrue(matches.get(0).description().contains("CYRILLIC") || matches.get(0).description().contains("GREEK"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"production-eu", "staging", "dev", "preprod", "prod2", "eu.prod", "\u043f\u0440\u043e\u0434"})
    void nearMissesStayAsTheyWere(String environment) {
        assertEquals("allow", ruleOf(DEFAULTS, environment));
    }

    @Test
    void configuredNamesAreNormalisedTheSameWay() {
        PolicyConfiguration configuration = new PolicyConfiguration();
        configuration.getDeploy().setDeniedEnvironments(List.of("  Billing-Live. ", "\u200b"));
        configuration.getDeploy().setApprovalEnvironments(List.of("\uff30\uff32\uff2f\uff24"));
        DeployEvaluator evaluator = new DeployEvaluator(configuration);
        assertEquals("deploy.environment_denied", ruleOf(evaluator, "billing-live"));
        assertEquals("deploy.environment_denied", ruleOf(evaluator, "b\u0131\u029f\u029f\u0131ng\u2010l\u0131ve"), "dotless i, hyphen, small capital L");
        assertEquals("deploy.environment_mixed_scripts", ruleOf(evaluator, "billing-\u04cfive"), "Cyrillic palochka in a Latin name");
        assertEquals("deploy.production_requires_approval", ruleOf(evaluator, "prod"));
        assertEquals("allow", ruleOf(evaluator, "production"));

        PolicyConfiguration mixed = new PolicyConfiguration();
        mixed.getDeploy().setDeniedEnvironments(List.of("pr\u043ed"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeployEvaluator(mixed));
        assertTrue(e.getMessage().contains("denied-environments"));
    }

    @Test
    void aNameWithNothingVisibleIs400() {
        ProblemException e = assertThrows(ProblemException.class, () -> evaluate(DEFAULTS, "\u200b\u200c."));
        assertEquals("params.environment", e.problem().errors().get(0).field().replaceFirst("^(params\\.)?", "params."));
    }
}
