package io.agentsafety.local.template;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every state machine definition under infra/statemachine passes AWS Step Functions' schema as the npm package
 * {@code asl-validator} (pinned in the root package.json/package-lock.json) checks it. {@code .ci/run} installs it;
 * on a machine without it this test runs {@code npm ci} once. Skipped only when node/npm are absent.
 */
class AslValidatorTest {

    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

    @Test
    void theDefinitionsAreValidStatesLanguage() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node/npm are not installed: asl-validator cannot run here");
        Path validator = ROOT.resolve("node_modules/.bin/asl-validator");
        if (!Files.isExecutable(validator)) {
            Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertEquals(0, install.code, "npm ci failed: " + install.output);
        }
        List<Path> definitions;
        try (var files = Files.list(ROOT.resolve("infra/statemachine"))) {
            definitions = files.filter(p -> p.toString().endsWith(".asl.json")).sorted().toList();
        }
        assertTrue(definitions.size() >= 1, "no definitions found");
        for (Path definition : definitions) {
            Run check = run(List.of(validator.toString(), "--json-path", definition.toString()), 60);
            assertEquals(0, check.code, definition + ": " + check.output);
            assertTrue(check.output.contains("is valid"), check.output);
        }
    }

    private record Run(int code, String output) {
    }

    private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(-1, "timed out");
        }
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
