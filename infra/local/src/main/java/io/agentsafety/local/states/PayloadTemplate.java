package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * {@code Parameters}, {@code ResultSelector}, {@code ItemSelector}: a JSON template whose keys ending in {@code .$}
 * take their value from a path or an intrinsic function call; everything else is copied.
 */
final class PayloadTemplate {

    private PayloadTemplate() {
    }

    static JsonNode apply(JsonNode template, JsonNode input, JsonNode context) throws StatesError {
        if (template instanceof ObjectNode object) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (key.endsWith(".$")) {
                    if (!field.getValue().isTextual()) {
                        throw StatesError.runtime("the value of '" + key + "' must be a path or an intrinsic call");
                    }
                    String expression = field.getValue().asText();
                    JsonNode value = IntrinsicFunctions.isCall(expression)
                        ? IntrinsicFunctions.evaluate(expression, input, context)
                        : JsonPaths.require(expression, input, context);
                    out.set(key.substring(0, key.length() - 2), value);
                } else {
                    out.set(key, apply(field.getValue(), input, context));
                }
            }
            return out;
        }
        if (template instanceof ArrayNode array) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : array) {
                out.add(apply(item, input, context));
            }
            return out;
        }
        return template;
    }
}
