package io.agentsafety.commands.analysis;

import java.util.List;
import java.util.Locale;

/**
 * git settings whose value is a command git runs ({@code git -c core.pager=CMD}, {@code git config alias.x '!CMD'}):
 * the command is analysed (keys: shell-knowledge.yaml {@code git_config}).
 */
final class GitConfigCommands {

    private final Interpreter interpreter;

    GitConfigCommands(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** {@code git -c KEY=VALUE ...} and {@code git config [--global] KEY VALUE} with a key whose value git executes. */
    void run(List<Arg> rest, Env env, int depth) {
        for (int i = 0; i + 1 < rest.size(); i++) {
            String t = rest.get(i).text();
            String key = null;
            Arg value = null;
            if (t.equals("-c")) {
                String kv = rest.get(i + 1).text();
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    key = kv.substring(0, eq);
                    value = new Arg(kv.substring(eq + 1), false, rest.get(i + 1).dynamic(), rest.get(i + 1).producers(), null);
                }
            } else if (t.equals("config") && i + 1 < rest.size()) {
                int j = i + 1;
                while (j < rest.size() && rest.get(j).isFlag()) {
                    j++;
                }
                if (j + 1 < rest.size()) {
                    key = rest.get(j).text();
                    value = rest.get(j + 1);
                }
            }
            if (key == null) {
                continue;
            }
            String lowerKey = key.toLowerCase(Locale.ROOT);
            boolean runs = ShellKnowledge.builtIn().isGitCommandKey(lowerKey)
                || lowerKey.startsWith("alias.") && value.text().startsWith("!");
            if (runs && value.exact()) {
                String text = value.text().startsWith("!") ? value.text().substring(1) : value.text();
                interpreter.runShellString("git " + key, new Arg(text, false, value.dynamic(), value.producers(), null),
                    env.copy(), depth, Content.NONE);
            }
            if (t.equals("config")) {
                break;
            }
        }
    }
}
