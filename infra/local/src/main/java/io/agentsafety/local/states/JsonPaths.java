package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference paths of the States Language: {@code $}, {@code $.a.b}, {@code $.a[0].b}, {@code $['a b']}, and
 * {@code $$.…} for the context object. Reads return null for a path that does not exist (the caller decides
 * whether that is {@code States.Runtime}); writes ({@code ResultPath}) create intermediate objects.
 */
final class JsonPaths {

    private JsonPaths() {
    }

    /** A step of a path: a field name or an array index. */
    private record Step(String field, int index) {
    }

    static JsonNode read(String path, JsonNode input, JsonNode context) throws StatesError {
        JsonNode root = input;
        String rest;
        if (path.startsWith("$$")) {
            root = context;
            rest = path.substring(2);
        } else if (path.startsWith("$")) {
            rest = path.substring(1);
        } else {
            throw StatesError.runtime("not a reference path: " + path);
        }
        JsonNode node = root;
        for (Step step : steps(rest, path)) {
            if (node == null) {
                return null;
            }
            node = step.field != null ? (node.isObject() ? node.get(step.field) : null)
                : (node.isArray() && step.index < node.size() ? node.get(step.index) : null);
        }
        return node;
    }

    /** Reads a path that must exist: a missing one is {@code States.Runtime}, as in AWS. */
    static JsonNode require(String path, JsonNode input, JsonNode context) throws StatesError {
        JsonNode value = read(path, input, context);
        if (value == null) {
            throw StatesError.runtime("the JSONPath '" + path + "' could not be found in the input");
        }
        return value;
    }

    /** {@code ResultPath}: {@code value} placed at {@code path} inside a copy of {@code target}. */
    static JsonNode write(String path, JsonNode target, JsonNode value) throws StatesError {
        if (!path.startsWith("$") || path.startsWith("$$")) {
            throw StatesError.runtime("not a ResultPath: " + path);
        }
        List<Step> steps = steps(path.substring(1), path);
        if (steps.isEmpty()) {
            return value;
        }
        JsonNode copy = target == null || !target.isContainerNode() ? JsonNodeFactory.instance.objectNode() : target.deepCopy();
        JsonNode node = copy;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step.field == null) {
                if (!(node instanceof ArrayNode array) || step.index >= array.size()) {
                    throw StatesError.runtime("ResultPath '" + path + "' names a missing array item");
                }
                if (last) {
                    array.set(step.index, value);
                } else {
                    node = array.get(step.index);
                }
            } else {
                if (!(node instanceof ObjectNode object)) {
                    throw StatesError.runtime("ResultPath '" + path + "' goes through a value that is not an object");
                }
                if (last) {
                    object.set(step.field, value);
                } else {
                    JsonNode next = object.get(step.field);
                    if (next == null || !next.isContainerNode()) {
                        next = object.putObject(step.field);
                    }
                    node = next;
                }
            }
        }
        return copy;
    }

    private static List<Step> steps(String rest, String whole) throws StatesError {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw StatesError.runtime("invalid path " + whole);
                }
                steps.add(new Step(rest.substring(i + 1, end), -1));
                i = end;
            } else if (c == '[') {
                int close = rest.indexOf(']', i);
                if (close < 0) {
                    throw StatesError.runtime("invalid path " + whole);
                }
                String inner = rest.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\""))) {
                    steps.add(new Step(inner.substring(1, inner.length() - 1), -1));
                } else {
                    try {
                        steps.add(new Step(null, Integer.parseInt(inner)));
                    } catch (NumberFormatException e) {
                        throw StatesError.runtime("unsupported path step [" + inner + "] in " + whole);
                    }
                }
                i = close + 1;
            } else {
                throw StatesError.runtime("invalid path " + whole);
            }
        }
        return steps;
    }
}
