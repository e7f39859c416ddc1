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
    void printsUsage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[]{"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("local-runner start-api"));
    }
}
