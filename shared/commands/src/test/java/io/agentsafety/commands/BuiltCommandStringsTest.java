package io.agentsafety.commands;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The string an interpreter's call runs is the whole argument as written on, not the first literal of it: adjacent
 * literals join ('r''m -rf /' was read as "r"), a method, index or operator on the literal makes a value the analysis
 * does not compute (' '.join([...]) was read as " "), and the same holds for a variable assigned such a value.
 * Transformations that keep the command ({@code .split()}, {@code .strip()}, {@code .encode()}) keep its reading.
 */
class BuiltCommandStringsTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "python3 -c \"import os; os.system('r''m -rf /')\"                          | DENY",
        "python3 -c \"import os; c='r''m -rf ~'; os.system(c)\"                     | DENY",
        "python3 -c \"import os; os.system(' '.join(['rm','-rf','/']))\"            | REQUIRE_APPROVAL",
        "python3 -c \"import os; c=' '.join(['rm','-rf','/']); os.system(c)\"       | REQUIRE_APPROVAL",
        "python3 -c \"import os; os.system('rm -rf /'[::-1][::-1])\"                 | REQUIRE_APPROVAL",
        "python3 -c \"import subprocess; subprocess.run('rm -rf /'.split())\"        | DENY",
        "python3 -c \"import subprocess; cmd=['rm','-rf','/']; subprocess.run(cmd)\" | DENY",
        "python3 -c \"import subprocess; subprocess.run('git log --oneline'.split())\" | ALLOW",
        "python3 -c \"import os; os.system('echo hi')\"                              | ALLOW",
        "python3 -c \"import os; os.system('git status'.strip())\"                   | ALLOW",
    })
    void theCallRunsTheWholeArgument(String command, CommandVerdict expected) {
        assertEquals(expected, ANALYZER.analyzeShell(command.trim()).verdict(), command);
    }
}
