package io.agentsafety.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandAnalyzerTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @Test
    void findingsCarryTheNormalizedCommandAsEvidence() {
        CommandAssessment assessment = ANALYZER.analyzeShell("sudo nice -n 5 /bin/rm -r -f /etc");
        CommandFinding finding = assessment.findings().stream().filter(f -> f.ruleId().equals("fs.delete_system"))
            .findFirst().orElseThrow();
        assertEquals("rm -r -f /etc", finding.evidence());
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals(CommandVerdict.DENY, assessment.verdict());
        assertTrue(assessment.blocked());
    }

    @Test
    void evidenceNeverQuotesCredentials() {
        String[] commands = {
            "mysql -u admin -pHunter2Secret -e 'DROP DATABASE crm'",
            "redis-cli -a Hunter2Secret FLUSHALL",
            "psql postgresql://admin:Hunter2Secret@db.internal/app -c 'DROP TABLE users'",
            "curl -H 'Authorization: Bearer Hunter2Secret' -XDELETE http://es:9200/_all",
            "PGPASSWORD=Hunter2Secret psql --password=Hunter2Secret -c 'TRUNCATE orders'"};
        for (String command : commands) {
            CommandAssessment assessment = ANALYZER.analyzeShell(command);
            assertTrue(assessment.blocked(), command);
            assertFalse(assessment.toString().contains("Hunter2Secret"), assessment.toString());
        }
    }

    @Test
    void evidenceIsTruncated() {
        CommandAssessment assessment = ANALYZER.analyzeShell("rm -rf / " + "x".repeat(1000));
        assertTrue(assessment.findings().get(0).evidence().length() <= CommandFinding.MAX_EVIDENCE);
    }

    @Test
    void fetchedUrlsAreReported() {
        CommandAssessment assessment = ANALYZER.analyzeShell(
            "curl -fsSL https://get.example.com/i.sh -o i.sh && wget -qO- http://10.0.0.5/x | tar x; curl localhost:8080/health");
        assertEquals(List.of("https://get.example.com/i.sh", "http://10.0.0.5/x", "localhost:8080/health"), assessment.fetchedUrls());
    }

    @Test
    void sqlIsParsedNotScanned() {
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeSql("SELECT 1; DROP TABLE users; SELECT 2").verdict());
        assertEquals(CommandVerdict.ALLOW, ANALYZER.analyzeSql("SELECT 'DROP TABLE users' AS note").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeSql("DELETE FROM t WHERE 1=1 OR id = 3").verdict());
        assertEquals(CommandVerdict.ALLOW, ANALYZER.analyzeSql("DELETE FROM t WHERE id = 3").verdict());
        assertEquals(CommandVerdict.REQUIRE_APPROVAL, ANALYZER.analyzeSql("UPDATE t SET a = 1").verdict());
        assertEquals(CommandVerdict.REQUIRE_APPROVAL, ANALYZER.analyzeSql("ALTER TABLE t DROP COLUMN c").verdict());
        CommandAssessment fallback = ANALYZER.analyzeSql("DROP TABLE users CASCADE PURGE WHATEVER ((");
        assertEquals(CommandVerdict.DENY, fallback.verdict());
        assertTrue(fallback.findings().get(0).evidence().contains("keyword scan"), fallback.toString());
    }

    @Test
    void codeInOtherLanguagesIsSearchedForCommandsAndDestructiveCalls() {
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("python", "import subprocess\nsubprocess.run(['rm', '-rf', '/'])").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("python", "import shutil, os\nshutil.rmtree(os.path.expanduser('~'))").verdict());
        assertEquals(CommandVerdict.ALLOW, ANALYZER.analyzeCode("python", "import shutil\nshutil.rmtree('build')").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("javascript", "const fs = require('fs');\nfs.rmSync('/', { recursive: true, force: true });").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("ruby", "require 'fileutils'\nFileUtils.rm_rf('/')").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("perl", "while (1) { fork; }").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("bash", "git push --force origin main").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("sql", "drop database prod").verdict());
        CommandAssessment dynamic = ANALYZER.analyzeCode("python", "import os\nos.system(user_input)");
        assertEquals(CommandVerdict.REQUIRE_APPROVAL, dynamic.verdict());
        assertTrue(dynamic.unresolved().get(0).contains("os.system"), dynamic.toString());
        assertEquals(CommandVerdict.ALLOW, ANALYZER.analyzeCode("python", "print('rm -rf /')").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("python",
            "import base64\nexec(base64.b64decode('aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ3JtIC1yZiAvJyk='))").verdict());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeCode("python", "import os, base64\nos.system(base64.b64decode('cm0gLXJmIC8=').decode())").verdict());
        assertEquals(CommandVerdict.REQUIRE_APPROVAL, ANALYZER.analyzeCode("python", "exec(input())").verdict());
        assertEquals(CommandVerdict.ALLOW, ANALYZER.analyzeCode("python", "model.eval()\nre.compile('a+')").verdict());
    }

    @Test
    void tooLongInputNeedsApprovalButIsStillAnalysed() {
        String longInput = "echo " + "a".repeat(CommandAnalyzer.MAX_INPUT_CHARS);
        CommandAssessment assessment = ANALYZER.analyzeShell(longInput);
        assertEquals(CommandVerdict.REQUIRE_APPROVAL, assessment.verdict());
        assertEquals("command.too_long", assessment.findings().get(0).ruleId());
        assertEquals(CommandVerdict.DENY, ANALYZER.analyzeShell("rm -rf /; " + longInput).verdict());
    }

    @Test
    void hugeOrDeepInputsAreBoundedAndFailClosed() {
        long start = System.nanoTime();
        CommandAssessment deep = ANALYZER.analyzeShell("$(".repeat(20_000) + "ls" + ")".repeat(20_000));
        CommandAssessment wide = ANALYZER.analyzeShell("a;".repeat(32_000));
        CommandAssessment nestedEval = ANALYZER.analyzeShell("eval ".repeat(200) + "ls");
        assertTrue(deep.blocked());
        assertNotNull(wide.verdict());
        assertNotNull(nestedEval.verdict());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "bounded work");
    }

    @Test
    void longSingleTokensCostLinearTime() {
        int n = 60_000;
        String[] inputs = {
            "base64 -" + "d".repeat(n), "curl " + "a.".repeat(n / 2), "command -" + "v".repeat(n),
            "echo \"$(printf '" + "\\n".repeat(n / 2) + "x')\"", "python" + "1".repeat(n), "echo {" + "a".repeat(n) + "}",
            "psql -c 'DELETE FROM t WHERE " + "a".repeat(n / 2) + " = b'", "wget -" + "q".repeat(n), "x=" + "a".repeat(n) + "; $x",
            "mysql -e \"" + "DROP TABLE t; ".repeat(n / 14) + "\"", "echo " + "'a' ".repeat(n / 4), "cat <<EOF\n" + "line\n".repeat(n / 5)};
        for (String input : inputs) {
            long start = System.nanoTime();
            CommandAssessment assessment = ANALYZER.analyzeShell(input);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(assessment.verdict());
            assertTrue(millis < 1500, input.substring(0, 30) + " took " + millis + " ms");
        }
    }

    @Test
    void randomInputNeverThrows() {
        Random random = new Random(42);
        String alphabet = "ab rm-f/$(){}[]<>|&;'\"`\\\n\t#=*?~!@%^.,:01xEOF";
        for (int i = 0; i < 3000; i++) {
            int length = random.nextInt(200);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < length; j++) {
                sb.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = sb.toString();
            assertNotNull(ANALYZER.analyzeShell(input).verdict(), input);
            assertNotNull(ANALYZER.analyzeSql(input).verdict(), input);
            assertNotNull(ANALYZER.analyzeCode(i % 2 == 0 ? "python" : "node", input).verdict(), input);
        }
    }

    @Test
    void disabledRulesDoNotFireAndAreListedAsDisabled() {
        CommandAnalyzer analyzer = CommandAnalyzer.fromClasspath(new RuleConfig(Set.of("git.reset_hard"), List.of()));
        assertEquals(CommandVerdict.ALLOW, analyzer.analyzeShell("git reset --hard HEAD~1").verdict());
        assertFalse(analyzer.rules().stream().filter(r -> r.id().equals("git.reset_hard")).findFirst().orElseThrow().enabled());
    }

    @Test
    void extraPacksAddRulesAndAreValidated(@TempDir Path dir) throws IOException {
        Path pack = dir.resolve("extra.yaml");
        Files.writeString(pack, """
            pack: local
            rules:
              - id: local.no_make_deploy
                description: make deploy is done by CI only
                severity: medium
                verdict: require_approval
                match:
                  command: [make]
                  words_any: [deploy]
                examples:
                  match: ["make deploy", "cd app && make -j4 deploy"]
                  not_match: ["make test"]
            """);
        CommandAnalyzer analyzer = CommandAnalyzer.fromClasspath(new RuleConfig(Set.of(), List.of(pack.toString())));
        assertEquals(CommandVerdict.REQUIRE_APPROVAL, analyzer.analyzeShell("make deploy").verdict());
        assertEquals("local", analyzer.rules().stream().filter(r -> r.id().equals("local.no_make_deploy")).findFirst().orElseThrow().pack());

        Path failing = dir.resolve("failing.yaml");
        Files.writeString(failing, Files.readString(pack).replace("local.no_make_deploy", "local.broken")
            .replace("not_match: [\"make test\"]", "not_match: [\"make deploy\"]"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> CommandAnalyzer.fromClasspath(new RuleConfig(Set.of(), List.of(failing.toString()))));
        assertTrue(error.getMessage().contains("local.broken"), error.getMessage());

        Path badKey = dir.resolve("bad.yaml");
        Files.writeString(badKey, Files.readString(pack).replace("words_any", "wordz"));
        IllegalArgumentException keyError = assertThrows(IllegalArgumentException.class,
            () -> CommandAnalyzer.fromClasspath(new RuleConfig(Set.of(), List.of(badKey.toString()))));
        assertTrue(keyError.getMessage().contains("wordz"), keyError.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> CommandAnalyzer.fromClasspath(new RuleConfig(Set.of(), List.of(dir.resolve("nope.yaml").toString()))));
        assertTrue(missing.getMessage().contains("nope.yaml"), missing.getMessage());

        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
            () -> CommandAnalyzer.fromClasspath(new RuleConfig(Set.of(), List.of(pack.toString(), pack.toString()))));
        assertTrue(duplicate.getMessage().contains("duplicate"), duplicate.getMessage());
    }
}
