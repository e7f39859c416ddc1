package io.agentsafety.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsafety.local.template.FunctionDef;
import io.agentsafety.local.template.SamTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sample events of infra/events and their rules (infra/events/README.md): {@code <name>[.<case>].json} where
 * {@code <name>} is the function's logical id in kebab case without its {@code Function} suffix, and
 * {@code setup.json}, per event, the events to invoke before it on an empty Redis and which placeholder ids of the
 * sequence are replaced by ids those events returned.
 */
public final class SampleEvents {

    public static final String SETUP = "setup.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One entry of setup.json: events first (in order), then placeholder → {@code <event>#<JSON pointer>}. */
    public record Setup(List<String> setup, Map<String, String> ids) {
        public Setup {
            setup = setup == null ? List.of() : List.copyOf(setup);
            ids = ids == null ? Map.of() : Map.copyOf(ids);
        }
    }

    private final Path dir;

    public SampleEvents(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Every event file (sorted), without setup.json and the README. */
    public List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".json") && !n.equals(SETUP))
                .sorted().toList();
        }
    }

    public byte[] read(String file) throws IOException {
        return Files.readAllBytes(dir.resolve(file));
    }

    public Map<String, Setup> setups() throws IOException {
        Map<String, Setup> setups = JSON.readValue(dir.resolve(SETUP).toFile(), new TypeReference<LinkedHashMap<String, Setup>>() { });
        return setups;
    }

    /** {@code SandboxGateStepFunction} → {@code sandbox-gate-step}. */
    public static String baseName(String logicalId) {
        String name = logicalId.endsWith("Function") && !logicalId.equals("Function")
            ? logicalId.substring(0, logicalId.length() - "Function".length()) : logicalId;
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The function an event file is for: the part before the first dot names it. */
    public static Optional<FunctionDef> functionOf(SamTemplate template, String file) {
        String base = file.substring(0, file.indexOf('.'));
        return template.functions().values().stream().filter(f -> baseName(f.logicalId()).equals(base)).findFirst();
    }

    /** Where a placeholder's real id is found: the value at the pointer of that event's answer (an HTTP body is parsed). */
    public static String capture(String source, JsonNode answer) throws IOException {
        String pointer = source.substring(source.indexOf('#') + 1);
        JsonNode document = answer.has("statusCode") && answer.has("body") ? JSON.readTree(answer.get("body").asText()) : answer;
        JsonNode value = document.at(pointer);
        if (!value.isTextual()) {
            throw new IllegalStateException(source + " is not a string in " + document);
        }
        return value.asText();
    }

    public static String sourceEvent(String source) {
        return source.substring(0, source.indexOf('#'));
    }
}
