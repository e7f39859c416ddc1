package io.agentsafety.policy.action;

import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.config.PolicyConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 14: with a {@code cwd} (the agent's workspace), recursive deletion below it is allowed, while the workspace
 * itself, all of it, a directory above it, and anything outside it (absolute, {@code ~}, {@code ..}) need a person.
 * Without a cwd every recursive delete needs one, as before; protected paths are denied either way.
 */
class DeleteFilesEvaluatorTest {

    private static final DeleteFilesEvaluator EVALUATOR = new DeleteFilesEvaluator(new PolicyConfiguration());

    private static List<RuleMatch> evaluate(String path, String cwd) {
        String json = "{\"path\":\"" + path + "\",\"recursive\":true" + (cwd == null ? "" : ",\"cwd\":\"" + cwd + "\"") + "}";
        JsonFields params = JsonFields.parse(json.getBytes(StandardCharsets.UTF_8));
        var action = ActionBinding.deleteFiles(params);
        params.validate();
        return EVALUATOR.evaluate(action);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "build,                 /srv/ws, allow,            -",
        "./dist/assets,         /srv/ws, allow,            -",
        "/srv/ws/node_modules,  /srv/ws, allow,            -",
        "build,                 ~/ws,    allow,            -",
        ".,                     /srv/ws, require_approval, delete.workspace_itself",
        // a glob over the workspace may take its .git with it: the protected path decides
        "*,                     /srv/ws, deny,             delete.protected_path",
        "./.*,                  /srv/ws, deny,             delete.protected_path",
        "/srv/ws,               /srv/ws, require_approval, delete.workspace_itself",
        "/srv,                  /srv/ws, deny,             delete.protected_path",
        "/tmp/cache,            /srv/ws, require_approval, delete.outside_workspace",
        "/srv/wsx,              /srv/ws, require_approval, delete.outside_workspace",
        "~/projects/old,        /srv/ws, require_approval, delete.outside_workspace",
        "../other,              /srv/ws, require_approval, delete.outside_workspace",
        "build,                 -,       require_approval, delete.recursive_requires_approval",
        "/etc,                  /srv/ws, deny,             delete.protected_path",
    })
    void recursiveDeletesAreJudgedAgainstTheWorkspace(String path, String cwd, String verdict, String rule) {
        List<RuleMatch> matches = evaluate(path, cwd);
        Verdict strictest = matches.stream().map(RuleMatch::verdict).reduce(Verdict.ALLOW, Verdict::strictest);
        assertEquals(verdict, strictest.wireName(), path + " in " + cwd + " -> " + matches);
        if (rule != null) {
            assertEquals(rule, matches.get(0).id(), matches.toString());
        }
    }
}
