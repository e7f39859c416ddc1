package io.agentsafety.commands;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bypasses found by the shell differential test and the planted-command property (issue 15 §5), each a class of
 * its own: the analysis read these lines differently from the shell that runs them.
 */
class ParserBypassRegressionTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @ParameterizedTest
    @ValueSource(strings = {
        // an unquoted here-document turns \\ into \ before the shell reads it: r\m is rm
        "sh <<EOF\nr\\\\m -rf /\nEOF", "cat <<EOF | bash\nr\\\\m -rf ~\nEOF",
        // dash (the usual /bin/sh) has no $'...' quoting: the quote closes early and the rest is commands
        "echo $'a\\' ; rm -rf / ; #'", "sh -c \"echo \\$'a\\\\' ; rm -rf / ; #'\"",
        // a function that redefines itself runs the new body; that is not recursion
        "f() { f() { rm -rf /; }; f; }; f",
        // later loop iterations run with what earlier ones assigned
        "x=ls; while true; do $x /; x='rm -rf'; done", "for i in 1 2 3; do $cmd /; cmd='rm -rf'; done",
        // "$@" keeps each positional parameter whole
        "set -- rm '-rf' /; \"$@\"", "f() { \"$@\"; }; f rm -rf ~",
    })
    void deniedLikeTheShellRunsThem(String command) {
        CommandAssessment a = ANALYZER.analyzeShell(command);
        assertEquals(CommandVerdict.DENY, a.verdict(), command + " -> " + a.findings() + " " + a.unresolved());
    }
}
