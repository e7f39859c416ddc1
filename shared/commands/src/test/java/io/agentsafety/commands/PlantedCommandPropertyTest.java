package io.agentsafety.commands;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A property, not a list of examples: a destructive command planted inside any composition of the ways a shell line
 * can run a command (wrappers, nested shells, eval, functions, loops, conditions, substitutions, pipes into a shell,
 * here-documents, quoting tricks on the program name) is found and denied. The compositions are drawn at random
 * with a fixed seed, so a failure names a reproducible input; every run checks the same few thousand lines.
 */
class PlantedCommandPropertyTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    private static final List<String> PLANTED = List.of("rm -rf /", "rm -rf ~", "rm -rf --no-preserve-root /",
        "mkfs.ext4 /dev/sda1", "dd if=/dev/zero of=/dev/sda", "rm -fr /*", "chmod -R 777 /");

    /** Programs that run the simple command that follows them (only a simple command: `sudo { a; }` runs "{"). */
    private static final List<UnaryOperator<String>> PREFIXES = List.of(
        c -> "sudo " + c,
        c -> "sudo -u root " + c,
        c -> "env FOO=1 " + c,
        c -> "nohup " + c,
        c -> "timeout 10 " + c,
        c -> "nice -n 5 " + c,
        c -> "xargs -a /dev/null " + c,
        c -> "exec " + c);

    /** Ways to run shell code; each takes shell code and returns shell code that runs it. */
    private static final List<UnaryOperator<String>> WRAPPERS = List.of(
        c -> "bash -c " + quote(c),
        c -> "sh -c " + quote(c),
        c -> "dash -c " + quote(c),
        c -> "bash -lc " + quote(c),
        c -> "eval " + quote(c),
        c -> "x=" + quote(c) + "; eval \"$x\"",
        c -> "echo $( " + c + " )",
        c -> "echo \"`" + c.replace("\\", "\\\\").replace("`", "\\`") + "`\"",
        c -> "{ " + c + "; }",
        c -> "(" + c + ")",
        c -> "true && " + c,
        c -> "false || " + c,
        c -> "if true; then " + c + "; fi",
        c -> "for i in 1 2; do " + c + "; done",
        c -> "while true; do " + c + "; break; done",
        c -> "f() { " + c + "; }; f",
        c -> "echo " + quote(c) + " | sh",
        c -> "printf '%s\\n' " + quote(c) + " | bash",
        // a here-document's delimiter ends a line, so the wrapper is a group closed on the next line
        c -> "{ bash <<'END" + c.length() + "'\n" + c + "\nEND" + c.length() + "\n}",
        c -> "{ sh -s <<END" + c.length() + "\n" + c.replace("\\", "\\\\").replace("$", "\\$").replace("`", "\\`")
            + "\nEND" + c.length() + "\n}",
        c -> "find . -maxdepth 0 -exec sh -c " + quote(c) + " \\;",
        c -> "cd /tmp && " + c,
        c -> "ls | " + c,
        c -> c + " 2>/dev/null",
        c -> "a=1; " + c + "; b=2");

    /** Spellings of the program name that the shell runs as the same program. */
    private static final List<UnaryOperator<String>> NAME_SPELLINGS = List.of(
        name -> name,
        name -> "'" + name + "'",
        name -> "\"" + name + "\"",
        name -> name.charAt(0) + "''" + name.substring(1),
        name -> name.charAt(0) + "\\" + name.substring(1),
        name -> "/bin/" + name,
        name -> "command " + name,
        name -> "p=" + name + "; $p"); // the last one makes the line a list, no longer a simple command

    @Test
    void plantedDestructiveCommandsAreDeniedInsideRandomCompositions() {
        Random random = new Random(20261205L);
        List<String> missed = new ArrayList<>();
        int cases = 3000;
        for (int i = 0; i < cases; i++) {
            String line = compose(respell(PLANTED.get(random.nextInt(PLANTED.size())), random), 1 + random.nextInt(3), random);
            CommandAssessment assessment = ANALYZER.analyzeShell(line);
            if (!CommandVerdict.DENY.equals(assessment.verdict())) {
                missed.add(assessment.verdict() + ": " + line.replace("\n", "\\n"));
            }
        }
        assertTrue(missed.isEmpty(), () -> missed.size() + " of " + cases + " planted commands not denied:\n"
            + String.join("\n", missed.subList(0, Math.min(40, missed.size()))));
    }

    /** The same compositions around harmless commands stay allowed: the property is not "deny everything". */
    @Test
    void harmlessCommandsInsideTheSameCompositionsStayAllowed() {
        Random random = new Random(7L);
        List<String> harmless = List.of("ls -la /", "rm -rf ./build", "echo done", "mkdir -p /tmp/x", "cat /etc/hostname");
        List<String> flagged = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String line = compose(harmless.get(random.nextInt(harmless.size())), 1 + random.nextInt(2), random);
            CommandAssessment assessment = ANALYZER.analyzeShell(line);
            if (CommandVerdict.DENY.equals(assessment.verdict())) {
                flagged.add(line.replace("\n", "\\n") + " -> " + assessment.findings());
            }
        }
        assertEquals(List.of(), flagged.subList(0, Math.min(20, flagged.size())));
    }

    /** {@code depth} layers around {@code command}; a prefix only ever wraps a simple command. */
    private static String compose(String command, int depth, Random random) {
        String line = command;
        boolean simple = !command.contains(";");
        for (int d = 0; d < depth; d++) {
            if (simple && random.nextInt(3) == 0) {
                line = PREFIXES.get(random.nextInt(PREFIXES.size())).apply(line);
            } else {
                line = WRAPPERS.get(random.nextInt(WRAPPERS.size())).apply(line);
                simple = false;
            }
        }
        return line;
    }

    private static String respell(String command, Random random) {
        int space = command.indexOf(' ');
        String name = command.substring(0, space);
        return NAME_SPELLINGS.get(random.nextInt(NAME_SPELLINGS.size())).apply(name) + command.substring(space);
    }

    private static String quote(String code) {
        return "'" + code.replace("'", "'\\''") + "'";
    }
}
