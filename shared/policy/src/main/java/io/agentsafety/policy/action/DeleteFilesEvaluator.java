package io.agentsafety.policy.action;

import io.agentsafety.commands.analysis.ArgClasses;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RiskLevel;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.config.PolicyConfiguration;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * File deletions: protected paths (system directories, home, .git, operator globs) are denied;
 * recursive deletes elsewhere need a human; relative paths that climb above their base with
 * {@code ..} cannot be placed and also need a human.
 */
@Singleton
public class DeleteFilesEvaluator implements ActionEvaluator<DeleteFilesAction> {

    private final ProtectedPaths protectedPaths;

    public DeleteFilesEvaluator(PolicyConfiguration configuration) {
        List<String> globs = new ArrayList<>(configuration.getDelete().getProtectedPaths());
        globs.addAll(configuration.getDelete().getExtraProtectedPaths());
        this.protectedPaths = new ProtectedPaths(globs);
    }

    @Override
    public ActionType type() {
        return ActionType.DELETE_FILES;
    }

    @Override
    public List<RuleMatch> evaluate(DeleteFilesAction action) {
        ProtectedPaths.NormalizedPath base = action.cwd() == null ? null : ProtectedPaths.normalize(action.cwd(), null);
        boolean recursive = action.recursive();
        List<RuleMatch> matches = new ArrayList<>();
        for (String raw : action.paths()) {
            ProtectedPaths.NormalizedPath path = ProtectedPaths.normalize(raw.trim(), base);
            String glob = protectedPaths.protectingGlob(path);
            if (glob != null) {
                matches.add(new RuleMatch("delete.protected_path",
                    "deleting a protected path (matches " + glob + ")", path.display(), RiskLevel.CRITICAL, Verdict.DENY));
            } else if (path.escapesBase()) {
                matches.add(new RuleMatch("delete.path_outside_base",
                    "the path climbs above its base directory with '..'; where it lands cannot be known",
                    raw, RiskLevel.HIGH, Verdict.REQUIRE_APPROVAL));
            } else if (recursive) {
                RuleMatch finding = base == null ? new RuleMatch("delete.recursive_requires_approval",
                    "recursive deletes require human approval (no cwd names the workspace)", path.display(),
                    RiskLevel.HIGH, Verdict.REQUIRE_APPROVAL) : inWorkspace(path, base);
                if (finding != null) {
                    matches.add(finding);
                }
            }
        }
        return matches;
    }

    /**
     * A recursive delete when {@code cwd} names the agent's workspace: below it, allowed; the workspace itself, a
     * directory above it, or all of it ({@code *}, {@code .*}) need a person, as does anything outside it.
     */
    private static RuleMatch inWorkspace(ProtectedPaths.NormalizedPath path, ProtectedPaths.NormalizedPath workspace) {
        List<String> inside = path.segments();
        List<String> root = workspace.segments();
        boolean sameAnchor = path.anchor().equals(workspace.anchor());
        if (sameAnchor && inside.size() <= root.size() && root.subList(0, inside.size()).equals(inside)
            || sameAnchor && inside.size() == root.size() + 1 && inside.subList(0, root.size()).equals(root)
               && ArgClasses.hasGlob(inside.get(root.size()))) {
            return new RuleMatch("delete.workspace_itself", "recursive deletion of the whole workspace (cwd), of "
                + "everything in it or of a directory containing it", path.display(), RiskLevel.HIGH, Verdict.REQUIRE_APPROVAL);
        }
        if (sameAnchor && inside.size() > root.size() && inside.subList(0, root.size()).equals(root)) {
            return null;
        }
        return new RuleMatch("delete.outside_workspace", "recursive deletion outside the workspace (cwd)",
            path.display(), RiskLevel.HIGH, Verdict.REQUIRE_APPROVAL);
    }
}
