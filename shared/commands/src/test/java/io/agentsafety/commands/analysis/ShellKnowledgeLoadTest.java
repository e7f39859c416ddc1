package io.agentsafety.commands.analysis;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tables of shell-knowledge.yaml and wrappers.yaml load strictly and say what the Java constants said. */
class ShellKnowledgeLoadTest {

    private static final String RUNS = "examples: {runs: [[\"a\", \"b\"]], benign: [c]}";
    private static final String VALID = String.join("\n",
        "shells: {names: [sh, bash], posix: [dash], arithmetic: [bash], " + RUNS + "}",
        "interpreters: {code_flags: {python: -c}, " + RUNS + "}",
        "git_config: {command_keys: [core.pager], command_key_prefixes: [pager.], " + RUNS + "}",
        "downloads: {fetchers: [curl], value_options: [-o], " + RUNS + "}",
        "sql_clients: {options: {psql: [-c, --command]}, stdin: [psql], " + RUNS + "}",
        "stdin_command_clients: {lines: [redis-cli], script: [mongosh], wire_clients: [nc], wire_ports: {\"6379\": redis-cli}, " + RUNS + "}",
        "awk: {names: [awk], " + RUNS + "}",
        "option_arities: {value_options: {xargs: [-n]}, " + RUNS + "}",
        "variables: {defaults: {IFS: \" \"}, " + RUNS + "}");
    private static final String WRAPPERS = "wrappers:\n  - {programs: [sudo], value_options: [-u], examples: {runs: [[x, y]]}}";

    private static ShellKnowledge load(String knowledge, String wrappers) {
        return new ShellKnowledge(YamlData.parse(knowledge, "knowledge"), YamlData.parse(wrappers, "wrappers"));
    }

    private static String failure(String knowledge, String wrappers) {
        return assertThrows(IllegalStateException.class, () -> load(knowledge, wrappers)).getMessage();
    }

    @Test
    void aValidTableLoads() {
        ShellKnowledge k = load(VALID, WRAPPERS);
        assertTrue(k.isShell("bash"));
        assertTrue(k.isGitCommandKey("pager.log"));
        assertEquals(java.util.Set.of("-u"), k.wrapper("sudo").valueOptions());
        assertNull(k.wrapper("nice"));
        assertEquals(9 + 1, k.runsExamples().size());
    }

    @Test
    void unknownKeysFailTheLoad() {
        assertTrue(failure(VALID + "\nextra: {}", WRAPPERS).contains("unknown key 'extra'"));
        assertTrue(failure(VALID.replace("posix: [dash]", "posix: [dash], posx: [ash]"), WRAPPERS).contains("posx"));
        assertTrue(failure(VALID, WRAPPERS.replace("value_options", "value_option")).contains("value_option"));
    }

    @Test
    void repeatedNamesAndKeysFailTheLoad() {
        assertTrue(failure(VALID.replace("[sh, bash]", "[sh, bash, sh]"), WRAPPERS).contains("'sh' is listed twice"));
        assertTrue(failure(VALID, WRAPPERS + "\n  - {programs: [sudo], examples: {runs: [[x, y]]}}")
            .contains("'sudo' is listed twice"));
        assertTrue(failure(VALID + "\nawk: {names: [gawk], " + RUNS + "}", WRAPPERS).contains("not valid YAML"));
    }

    @Test
    void everySectionNeedsExamples() {
        assertTrue(failure(VALID.replace("awk: {names: [awk], " + RUNS + "}", "awk: {names: [awk]}"), WRAPPERS)
            .contains("examples are required"));
        assertTrue(failure(VALID.replace("stdin: [psql], " + RUNS, "stdin: [psql], examples: {runs: [[a, b]]}"), WRAPPERS)
            .contains("'benign'"));
        assertTrue(failure(VALID.replace("psql: [-c, --command]", "psql: [-c]"), WRAPPERS).contains("[short option, long option]"));
        assertTrue(failure(VALID, WRAPPERS.replace("[[x, y]]", "[[x]]")).contains("[command, inner command]"));
        assertTrue(failure(VALID.replace("names: [awk], ", ""), WRAPPERS).contains("'names' is required"));
    }

    @Test
    void theBuiltInTablesSayWhatTheCodeSaid() {
        ShellKnowledge k = ShellKnowledge.builtIn();
        assertTrue(k.isShell("dash") && k.isPosixShell("posh") && !k.isPosixShell("sh") && !k.isPosixShell(null));
        assertTrue(k.isArithmeticShell("ksh93") && !k.isArithmeticShell("dash") && !k.isArithmeticShell(null));
        assertEquals("-r", k.codeFlag("php"));
        assertEquals("eval", k.codeFlag("deno"));
        assertNull(k.codeFlag("bash"));
        assertTrue(k.isGitCommandKey("core.sshcommand") && !k.isGitCommandKey("user.name"));
        assertTrue(k.isFetcher("invoke-webrequest") && !k.isFetcher("git"));
        assertTrue(k.readsSqlOnStdin("litecli") && k.readsCommandLines("keydb-cli") && k.readsCommandScript("mongo"));
        assertEquals(" \t\n", k.defaultVariable("IFS"));
        assertEquals(java.util.List.of("-Q", "-q"), k.sqlOption("sqlcmd", java.util.List.of()));
        assertNull(k.sqlOption("duckdb", java.util.List.of()));
        // a service CLI's SQL option holds only under its subcommand (aws's --query elsewhere is JMESPath)
        java.util.List<Arg> rdsData = java.util.List.of(Arg.literal("--region"), Arg.literal("eu-west-1"), Arg.literal("rds-data"),
            Arg.literal("execute-statement"), Arg.literal("--sql"), Arg.literal("SELECT 1"));
        assertEquals(java.util.List.of("--sql", "--sql"), k.sqlOption("aws", rdsData));
        assertNull(k.sqlOption("aws", java.util.List.of(Arg.literal("rds-data"), Arg.literal("describe"))));
        assertNull(k.sqlOption("aws", java.util.List.of(Arg.literal("execute-statement"), Arg.literal("rds-data"))));
        assertTrue(k.valueOptions("docker run").contains("--health-cmd"));
        assertEquals(1, k.wrapper("ssh").positionals());
        assertTrue(k.wrapper("ssh").shell() && !k.wrapper("sudo").shell());
        assertFalse(k.wrapper("flock").valueOptions().isEmpty());
    }
}
