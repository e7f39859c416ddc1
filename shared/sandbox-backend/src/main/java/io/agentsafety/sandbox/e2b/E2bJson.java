package io.agentsafety.sandbox.e2b;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.agentsafety.sandbox.SandboxException;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.tree.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The E2B client's JSON: Micronaut's {@link JsonNode} tree read and written with jackson-core streaming, the JSON
 * stack every function already carries. (jackson-databind, 1.5 MB of each sandbox jar and an {@code ObjectMapper}
 * to initialise on a cold start, was used for nothing else.) Readers are lenient in the way E2B's own SDKs are: a
 * field that is absent, null or of another type reads as the caller's default, never as an exception.
 */
final class E2bJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeTreeCodec CODEC = JsonNodeTreeCodec.getInstance();

    private E2bJson() {
    }

    /** The JSON value of a body, or null when the body is empty or not JSON. */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonNode node = CODEC.readTree(parser);
            return parser.nextToken() == null ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            CODEC.writeTree(generator, node);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.INVALID, "cannot encode the request");
        }
        return out.toByteArray();
    }

    /** A JSON object of strings, in the map's order. */
    static JsonNode strings(Map<String, String> values) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        values.forEach((k, v) -> fields.put(k, v == null ? JsonNode.nullNode() : JsonNode.createStringNode(v)));
        return JsonNode.createObjectNode(fields);
    }

    /** A JSON array of strings. */
    static JsonNode strings(Iterable<String> values) {
        List<JsonNode> items = new ArrayList<>();
        values.forEach(v -> items.add(JsonNode.createStringNode(v)));
        return JsonNode.createArrayNode(items);
    }

    /** The member {@code name} of an object, or null (absent, or {@code node} is not an object). */
    static JsonNode member(JsonNode node, String name) {
        return node != null && node.isObject() ? node.get(name) : null;
    }

    static boolean isObject(JsonNode node) {
        return node != null && node.isObject();
    }

    /** The string member {@code name}, or null when it is absent or not a string. */
    static String string(JsonNode node, String name) {
        JsonNode value = member(node, name);
        return value != null && value.isString() ? value.getStringValue() : null;
    }

    /** A scalar as text (a number or boolean in its JSON spelling), else {@code fallback}. */
    static String text(JsonNode value, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isString()) {
            return value.getStringValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.coerceStringValue();
        }
        return fallback;
    }

    /** An integral number (or a string holding one) as a long, else {@code fallback}. */
    static long integer(JsonNode value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            if (value.isNumber()) {
                Number number = value.getNumberValue();
                return number.doubleValue() == Math.rint(number.doubleValue()) ? number.longValue() : fallback;
            }
            return value.isString() ? Long.parseLong(value.getStringValue().strip()) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A boolean (or {@code "true"}/{@code "false"}, or a number: non-zero is true), else {@code fallback}. */
    static boolean bool(JsonNode value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.getBooleanValue();
        }
        if (value.isNumber()) {
            return value.getNumberValue().doubleValue() != 0;
        }
        if (value.isString()) {
            String s = value.getStringValue().strip();
            return s.equalsIgnoreCase("true") || (!s.equalsIgnoreCase("false") && fallback);
        }
        return fallback;
    }
}
