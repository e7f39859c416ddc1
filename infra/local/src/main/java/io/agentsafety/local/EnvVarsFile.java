package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SAM's {@code --env-vars} file: {@code {"Parameters": {"VAR": "value"}, "<LogicalId>": {"VAR": "value"}}}.
 * "Parameters" applies to every function, a logical id's object to that function only. Values may be strings,
 * numbers or booleans; anything else is an error (the file is the operator's, so it fails loudly).
 */
public record EnvVarsFile(Map<String, Map<String, String>> sections) {

    public static final String GLOBAL = "Parameters";

    public static EnvVarsFile none() {
        return new EnvVarsFile(Map.of());
    }

    public static EnvVarsFile read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object of {\"Parameters\"|LogicalId: {VAR: value}}");
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        root.fields().forEachRemaining(section -> {
            if (!section.getValue().isObject()) {
                throw new IllegalArgumentException(file + ": \"" + section.getKey() + "\" must be an object of variables");
            }
            Map<String, String> variables = new LinkedHashMap<>();
            section.getValue().fields().forEachRemaining(variable -> {
                JsonNode value = variable.getValue();
                if (!value.isValueNode() || value.isNull()) {
                    throw new IllegalArgumentException(file + ": " + section.getKey() + "." + variable.getKey() + " must be a string, number or boolean");
                }
                variables.put(variable.getKey(), value.asText());
            });
            sections.put(section.getKey(), variables);
        });
        return new EnvVarsFile(sections);
    }

    public Map<String, String> global() {
        return sections.getOrDefault(GLOBAL, Map.of());
    }

    public Map<String, String> forFunction(String logicalId) {
        return sections.getOrDefault(logicalId, Map.of());
    }
}
