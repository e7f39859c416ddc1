package io.agentsafety.commands.analysis;

import java.util.List;

/** Jobs given to schedulers on standard input: they run later, but they run, so they are judged now. */
final class ScheduledJobs {

    private final Interpreter interpreter;

    ScheduledJobs(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** {@code lower} is the program's name in lower case; {@code stdin} is text. */
    void run(String lower, List<Arg> rest, Content stdin, Env env, int depth) {
        if (lower.equals("at") || lower.equals("batch")) {
            // echo 'rm -rf /' | at now + 1 minute
            interpreter.feedShell(lower, stdin, env, depth);
        }
        if (lower.equals("crontab") && rest.stream().noneMatch(a -> a.text().equals("-l"))) {
            // echo '* * * * * rm -rf /' | crontab -: the command part of every schedule line runs
            StringBuilder jobs = new StringBuilder();
            for (String line : stdin.text().split("\n", 200)) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+", trimmed.startsWith("@") ? 2 : 6);
                if (fields.length == (trimmed.startsWith("@") ? 2 : 6)) {
                    jobs.append(fields[fields.length - 1]).append('\n');
                }
            }
            if (jobs.length() > 0) {
                interpreter.runShellText(jobs.toString(), new Env(null), depth + 1, Content.NONE);
            }
        }
    }
}
