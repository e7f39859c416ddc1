package io.agentsafety.commands.analysis;

import java.util.List;

/** Jobs given to schedulers on standard input: they run later, but they run, so they are judged now. */
final class ScheduledJobs {

    private final Interpreter interpreter;

    ScheduledJobs(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** {@code crontab [-u USER] [-]}: the new table is standard input (not a file, not -e/-r/-l). */
    private static boolean readsTableFromStdin(List<Arg> rest) {
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i).text();
            if (t.equals("-u")) {
                i++;
            } else if (!t.equals("-") && !t.startsWith("-u")) {
                return false;
            }
        }
        return true;
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
            } else if (readsTableFromStdin(rest)) {
                // echo '' | crontab -: the new table has no job, so every scheduled job is deleted (like crontab -r)
                interpreter.emit("@crontab_empty", rest, List.of(), stdin, env);
            }
        }
    }
}
