package io.agentsafety.local;

import io.agentsafety.local.template.FunctionDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionEnvironmentTest {

    @TempDir
    Path dir;

    final FunctionDef function = new FunctionDef("Gate", Path.of("gate.jar"), "a.B", "java17", 512, 15,
        new LinkedHashMap<>(Map.of("REDIS_URI", "", "ALLOWLIST", "", "MODE", "strict")), Set.of("REDIS_URI", "ALLOWLIST"), List.of());

    @Test
    void laterSourcesWinAndOnlyDeclaredVariablesPass() throws IOException {
        EnvVarsFile file = envVars("{\"Parameters\": {\"MODE\": \"lenient\", \"ALLOWLIST\": \"file.test\"}, \"Gate\": {\"MODE\": 3}, \"Other\": {\"MODE\": \"x\"}}");
        Map<String, String> env = FunctionEnvironment.of(function, Map.of("ALLOWLIST", "shell.test", "MODE", "shell", "SECRET", "s", "PATH", "/bin"),
            file, "redis://127.0.0.1:1", "eu-west-1");
        assertEquals("file.test", env.get("ALLOWLIST"), "env-vars Parameters beat the shell");
        assertEquals("3", env.get("MODE"), "the function's section wins; the shell cannot set a non-parameter variable");
        assertFalse(env.containsKey("SECRET"));
        assertEquals("/bin", env.get("PATH"));
        assertEquals("redis://127.0.0.1:1", env.get("REDIS_URI"));
        assertEquals("eu-west-1", env.get("AWS_REGION"));
        assertEquals("AWS_Lambda_java17", env.get("AWS_EXECUTION_ENV"));
        assertEquals("512", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
    }

    @Test
    void aConfiguredRedisReplacesTheEmbeddedOne() {
        Map<String, String> fromShell = FunctionEnvironment.of(function, Map.of("REDIS_URI", "rediss://cache:6380"), EnvVarsFile.none(), null, "us-east-1");
        assertEquals("rediss://cache:6380", fromShell.get("REDIS_URI"));
        Map<String, String> host = FunctionEnvironment.of(function, Map.of("REDIS_HOST", "cache", "REDIS_PORT", "6380"), EnvVarsFile.none(), null, "us-east-1");
        assertEquals("cache", host.get("REDIS_HOST"));
        assertEquals("6380", host.get("REDIS_PORT"));
        assertEquals("", host.get("REDIS_URI"));
        assertTrue(FunctionEnvironment.redisConfigured(Map.of("REDIS_HOST", "cache"), EnvVarsFile.none()));
        assertFalse(FunctionEnvironment.redisConfigured(Map.of("REDIS_URI", " "), EnvVarsFile.none()));
    }

    @Test
    void aFunctionThatDoesNotDeclareRedisIsNotToldWhereItIs() {
        FunctionDef health = new FunctionDef("Health", Path.of("health.jar"), "a.B", "java17", 512, 15,
            new LinkedHashMap<>(Map.of("MODE", "strict")), Set.of(), List.of());
        Map<String, String> env = FunctionEnvironment.of(health, Map.of("REDIS_HOST", "cache", "REDIS_PORT", "6380"),
            EnvVarsFile.none(), "redis://127.0.0.1:1", "us-east-1");
        assertFalse(env.containsKey("REDIS_URI"));
        assertFalse(env.containsKey("REDIS_HOST"));
        assertFalse(env.containsKey("REDIS_PORT"));
        assertEquals("strict", env.get("MODE"));
    }

    @Test
    void envVarsFileIsValidated() throws IOException {
        assertEquals(Set.of("NOPE"), FunctionEnvironment.undeclared(List.of(function), envVars("{\"Gate\": {\"NOPE\": \"x\", \"MODE\": \"y\"}}")));
        assertThrows(IllegalArgumentException.class, () -> envVars("[1]"));
        assertThrows(IllegalArgumentException.class, () -> envVars("{\"Gate\": \"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> envVars("{\"Gate\": {\"A\": {\"nested\": 1}}}"));
    }

    private EnvVarsFile envVars(String json) throws IOException {
        Path file = dir.resolve("env.json");
        Files.writeString(file, json);
        return EnvVarsFile.read(file);
    }
}
