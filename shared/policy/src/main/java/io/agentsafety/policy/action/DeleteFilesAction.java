package io.agentsafety.policy.action;

import io.agentsafety.policy.ActionType;
import io.micronaut.json.tree.JsonNode;

import java.util.List;

/**
 * {@code delete_files}: at least one path (the request's {@code paths} and {@code path} together), relative ones placed
 * under {@code cwd} when it is given (absolute or {@code ~}).
 */
public record DeleteFilesAction(List<String> paths, boolean recursive, boolean force, String cwd) implements PolicyAction {

    public DeleteFilesAction {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("a deletion names at least one path");
        }
        if (cwd != null && !isAnchored(cwd)) {
            throw new IllegalArgumentException("cwd must be an absolute path (or start with ~)");
        }
    }

    /** A {@code cwd} can only place relative paths when it is absolute or under home. */
    static boolean isAnchored(String cwd) {
        return !ProtectedPaths.normalize(cwd, null).anchor().equals(".");
    }

    @Override
    public ActionType type() {
        return ActionType.DELETE_FILES;
    }

    @Override
    public JsonNode toParams() {
        return new ParamsNode()
            .put("paths", JsonNode.createArrayNode(paths.stream().map(JsonNode::createStringNode).toList()))
            .put("recursive", recursive ? JsonNode.createBooleanNode(true) : null)
            .put("force", force ? JsonNode.createBooleanNode(true) : null)
            .put("cwd", cwd).build();
    }
}
