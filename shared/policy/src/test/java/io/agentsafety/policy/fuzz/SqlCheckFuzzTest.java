package io.agentsafety.policy.fuzz;

import io.agentsafety.testing.fuzz.FuzzBounds;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.RuleConfig;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.ProblemException;
import io.agentsafety.policy.action.ActionBinding;
import io.agentsafety.policy.action.ExecuteCodeAction;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.action.ExecuteCodeEvaluator;
import io.agentsafety.policy.config.PolicyConfiguration;
import io.agentsafety.policy.network.NetworkPolicy;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The SQL check as {@code POST /check} runs it: {@code execute_code} with {@code params.sql}, through the evaluator
 * (the text as sent, then its ASCII reading when it holds look-alikes). Any string gives rule matches or the
 * documented 400 (blank, NUL, too long), within the time bound, and never an "analysis could not complete".
 */
class SqlCheckFuzzTest {

    private static final ExecuteCodeEvaluator EVALUATOR = new ExecuteCodeEvaluator(
        CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS), NetworkPolicy.fromAllowlist("pypi.org,*.github.com"),
        new PolicyConfiguration());
    /** The analyzer's catch-all as the evaluator words it (matched whole: other descriptions may quote input). */
    private static final Pattern INTERNAL_FAILURE = Pattern.compile("(read as ASCII \\(look-alike characters\\): )?"
        + "cannot be resolved statically, so it needs review: the analysis could not complete \\([A-Za-z0-9_$]+\\)");

    @FuzzTest(maxDuration = "10s")
    @Timeout(FuzzBounds.HANG_SECONDS)
    void anySqlGetsADecisionOrA400(byte[] data) {
        String sql = FuzzBounds.text(data);
        JsonFields params = JsonFields.of(JsonNode.createObjectNode(Map.of("sql", JsonNode.createStringNode(sql))));
        List<RuleMatch> matches;
        try {
            matches = FuzzBounds.withinTimeBound("execute_code sql", () -> {
                ExecuteCodeAction action = ActionBinding.executeCode(params);
                params.validate();
                return EVALUATOR.evaluate(action);
            });
        } catch (ProblemException e) {
            assertEquals(400, e.status(), e.getMessage());
            return;
        }
        assertNotNull(matches);
        for (RuleMatch match : matches) {
            assertNotNull(match.id());
            // a match always restricts: allow is the absence of matches
            assertNotEquals(Verdict.ALLOW, match.verdict(), match.id());
            assertFalse(INTERNAL_FAILURE.matcher(match.description()).matches(),
                "the SQL analysis failed internally: " + match.description());
        }
    }
}
