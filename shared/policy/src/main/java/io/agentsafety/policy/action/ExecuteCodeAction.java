package io.agentsafety.policy.action;

import io.agentsafety.policy.ActionType;
import io.micronaut.json.tree.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code execute_code}: exactly one of a shell {@code command}, {@code code} (with its {@code language}) or {@code sql};
 * {@code env} keeps the caller's order (path-like values resolve variables in that order).
 */
public record ExecuteCodeAction(String command, String code, String language, String sql, String shell, String cwd,
                                Map<String, String> env, Long timeoutSeconds, String description) implements PolicyAction {

    public ExecuteCodeAction {
        int given = (command != null ? 1 : 0) + (code != null ? 1 : 0) + (sql != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("give exactly one of command, code (with language) or sql");
        }
        if ((code == null) != (language == null)) {
            throw new IllegalArgumentException("language goes with code, and only with code");
        }
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** A shell command and nothing else. */
    public static ExecuteCodeAction ofCommand(String command) {
        return new ExecuteCodeAction(command, null, null, null, null, null, null, null, null);
    }

    @Override
    public ActionType type() {
        return ActionType.EXECUTE_CODE;
    }

    @Override
    public JsonNode toParams() {
        Map<String, JsonNode> envNodes = new LinkedHashMap<>();
        env.forEach((k, v) -> envNodes.put(k, JsonNode.createStringNode(v)));
        return new ParamsNode().put("command", command).put("code", code).put("language", language).put("sql", sql)
            .put("shell", shell).put("cwd", cwd).put("env", env.isEmpty() ? null : JsonNode.createObjectNode(envNodes))
            .put("timeout_seconds", timeoutSeconds == null ? null : JsonNode.createNumberNode(timeoutSeconds.longValue()))
            .put("description", description).build();
    }
}
