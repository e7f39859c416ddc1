package io.agentsafety.local;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @Test
    void parsesStartApiAndInvokeOptions() {
        Main.Options start = Main.Options.parse(new String[]{"start-api", "--port", "0", "--warm", "--env-vars", "env.json", "--port", "9000"});
        assertEquals(9000, start.port, "a later --port wins, so start-api.sh's default can be overridden");
        assertTrue(start.warm);
        assertEquals(Path.of("env.json"), start.envVars);
        assertEquals(Path.of("infra", "template.yaml"), start.template);
        assertEquals("127.0.0.1", start.host);

        Main.Options invoke = Main.Options.parse(new String[]{"invoke", "Fn", "-e", "event.json", "-t", "t.yaml"});
        assertEquals("Fn", invoke.functionId);
        assertEquals("event.json", invoke.event);
        assertEquals(Path.of("t.yaml"), invoke.template);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(new String[]{"start-api", "--port", "70000"}));
        assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(new String[]{"start-api", "--port"}));
        assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(new String[]{"start-api", "--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(new String[]{"start-api", "extra"}));
        assertThrows(IllegalArgumentException.class, () -> Main.run(new String[]{"invoke", "Fn"}, System.out));
        assertThrows(IllegalArgumentException.class, () -> Main.run(new String[]{"deploy"}, System.out));
    }

    @Test
    void invokePrintsTheResultOrTheErrorDocument(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String template = Path.of(MainTest.class.getResource("/echo-template.yaml").toURI()).toString();
        java.util.Map<String, String> shell = java.util.Map.of("REDIS_URI", "redis://127.0.0.1:1", "PATH", System.getenv().getOrDefault("PATH", "/bin"));
        Path event = java.nio.file.Files.writeString(dir.resolve("event.json"), "{\"rawPath\":\"/items/1\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[]{"invoke", "EchoFunction", "--event", event.toString(), "--template", template},
            new PrintStream(out, true, StandardCharsets.UTF_8), shell));
        assertEquals("{\"rawPath\":\"/items/1\"}", out.toString(StandardCharsets.UTF_8).trim());

        java.nio.file.Files.writeString(event, "{\"rawPath\":\"/fail\"}");
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        assertEquals(1, Main.run(new String[]{"invoke", "EchoFunction", "--event", event.toString(), "--template", template},
            new PrintStream(error, true, StandardCharsets.UTF_8), shell), "a function error exits 1");
        com.fasterxml.jackson.databind.JsonNode document = HttpTestClient.JSON.readTree(error.toByteArray());
        assertEquals("java.lang.IllegalStateException", document.get("errorType").asText());
        assertThrows(IllegalArgumentException.class, () -> Main.run(new String[]{"invoke", "Missing", "--event", event.toString(),
            "--template", template}, System.out, shell));
    }

    @Test
    void printsUsage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[]{"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("local-runner start-api"));
    }
}
