package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Clients that read commands on standard input ({@code echo FLUSHALL | redis-cli}, {@code mongosh <<< 'db.dropDatabase()'}):
 * each command read is judged as if given on the command line (shell-knowledge.yaml {@code stdin_command_clients}).
 */
final class StdinCommandClients {

    private final Interpreter interpreter;
    private final Sink sink;

    StdinCommandClients(Interpreter interpreter, Sink sink) {
        this.interpreter = interpreter;
        this.sink = sink;
    }

    void run(String name, List<Arg> rest, List<Arg> writes, String text, Env env) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean script = ShellKnowledge.builtIn().readsCommandScript(lower);
        List<String> scripts = script ? List.of(text) : List.of(text.split("\n", 200));
        for (String piece : scripts) {
            if (piece.isBlank()) {
                continue;
            }
            List<Arg> args = new ArrayList<>(rest);
            if (script) {
                args.add(Arg.literal(piece));
            } else {
                for (String word : piece.trim().split("\\s+")) {
                    args.add(Arg.literal(word));
                }
            }
            sink.command(interpreter.resolved(name, args, writes, Content.NONE, env.cwd));
        }
    }
}
