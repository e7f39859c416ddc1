package io.agentsafety.policy.action;

import io.micronaut.json.tree.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the params object of an action built in code ({@link PolicyAction#toParams()}); absent values are left out. */
final class ParamsNode {

    private final Map<String, JsonNode> fields = new LinkedHashMap<>();

    ParamsNode put(String name, String value) {
        return value == null ? this : put(name, JsonNode.createStringNode(value));
    }

    ParamsNode put(String name, JsonNode value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    JsonNode build() {
        return JsonNode.createObjectNode(fields);
    }
}
