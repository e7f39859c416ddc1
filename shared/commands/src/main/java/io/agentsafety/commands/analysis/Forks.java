package io.agentsafety.commands.analysis;

import io.agentsafety.commands.shell.Node;

/** Detects functions that spawn copies of themselves in parallel (pipes or {@code &}): fork bombs. */
final class Forks {

    private Forks() {
    }

    static boolean selfSpawning(String name, Node body) {
        return walk(name, body, false, 0);
    }

    private static boolean walk(String name, Node node, boolean parallel, int depth) {
        if (node == null || depth > 64) {
            return false;
        }
        if (node instanceof Node.Simple simple) {
            return parallel && !simple.words().isEmpty() && simple.words().get(0).isPlain(name);
        }
        if (node instanceof Node.Script script) {
            for (Node.Item item : script.items()) {
                if (walk(name, item.node(), parallel || item.background(), depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Node.Pipeline pipeline) {
            for (Node stage : pipeline.stages()) {
                if (walk(name, stage, true, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Node.AndOr andOr) {
            return andOr.parts().stream().anyMatch(p -> walk(name, p, parallel, depth + 1));
        }
        if (node instanceof Node.Group group) {
            return walk(name, group.body(), parallel, depth + 1);
        }
        if (node instanceof Node.Subshell subshell) {
            return walk(name, subshell.body(), parallel, depth + 1);
        }
        if (node instanceof Node.Compound compound) {
            boolean loop = compound.keyword().equals("while") || compound.keyword().equals("until");
            return compound.bodies().stream().anyMatch(b -> walk(name, b, parallel || loop, depth + 1));
        }
        return false;
    }
}
