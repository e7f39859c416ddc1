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
 * The template is the deployment and nobody here can deploy it, so AWS's own linter (cfn-lint with the SAM
 * translator, on these machines' image) must accept it with no error and no warning: a deprecated runtime or a
 * malformed route fails the build, not the first {@code sam deploy}.
 */
class TemplateLintTest {

    private static final Path TEMPLATE = Path.of("..", "template.yaml").toAbsolutePath().normalize();

    @Test
    void cfnLintFindsNoErrorsAndNoWarnings() throws Exception {
        Assumptions.assumeTrue(onPath("cfn-lint"), "cfn-lint is not installed on this machine");
        Process process = new ProcessBuilder("cfn-lint", "--format", "parseable", TEMPLATE.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "cfn-lint did not finish");
        assertEquals("", output.strip(), "cfn-lint findings");
        assertEquals(0, process.exitValue(), "cfn-lint exit code");
    }

    private static boolean onPath(String program) throws IOException {
        for (String dir : List.of(System.getenv().getOrDefault("PATH", "").split(":"))) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
