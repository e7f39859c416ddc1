package io.agentsafety.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses request bodies into a JSON tree strictly: duplicate keys are rejected (a second
 * {@code "action_type"} must not be able to override the first one the policy saw), nesting is
 * bounded, and numbers keep their exact decimal value (money is never a double).
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 64;

    /** Duplicates are found by {@link #read} itself, which knows the key's full path for the error. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(64).build())
        .build();

    private StrictJson() {
    }

    /** Parses a body that must be one JSON object; otherwise a 400 naming {@code body}. */
    public static JsonNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        JsonNode node;
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ProblemException.invalid("body", "a JSON object is required");
            }
            node = read(parser, first);
            if (parser.nextToken() != null) {
                throw ProblemException.invalid("body", "unexpected content after the JSON object");
            }
        } catch (DuplicateKey e) {
            throw ProblemException.invalid(e.path, "is a duplicate key: each field may appear once");
        } catch (NumberOutOfRange e) {
            throw ProblemException.invalid(e.path.isEmpty() ? "body" : e.path, "is a number out of range");
        } catch (JsonParseException e) {
            throw ProblemException.invalid("body", describe(e));
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw ProblemException.invalid("body", "the JSON is nested too deeply or has an over-long number");
        } catch (IOException e) {
            throw ProblemException.invalid("body", "the body is not valid JSON");
        }
        if (!node.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        return node;
    }

    /** Parser messages quote the offending input, which may be a secret: keep only the location. */
    private static String describe(JsonParseException e) {
        var location = e.getLocation();
        return "not valid JSON" + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
    }

    private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (fields.containsKey(name)) {
                        throw new DuplicateKey(pathOf(parser.getParsingContext()));
                    }
                    fields.put(name, read(parser, parser.nextToken()));
                }
                return JsonNode.createObjectNode(fields);
            }
            case START_ARRAY: {
                List<JsonNode> items = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(parser, next));
                }
                return JsonNode.createArrayNode(items);
            }
            case VALUE_STRING:
                return JsonNode.createStringNode(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                try {
                    return token == JsonToken.VALUE_NUMBER_INT ? JsonNode.createNumberNode(parser.getBigIntegerValue())
                        : JsonNode.createNumberNode(parser.getDecimalValue());
                } catch (NumberFormatException e) {
                    // found by JsonBindingFuzzTest: 1e-2147483648 has no BigDecimal (scale out of range), and
                    // Jackson's NumberFormatException would otherwise escape as a 500
                    throw new NumberOutOfRange(pathOf(parser.getParsingContext()));
                }
            case VALUE_TRUE:
                return JsonNode.createBooleanNode(true);
            case VALUE_FALSE:
                return JsonNode.createBooleanNode(false);
            case VALUE_NULL:
                return JsonNode.nullNode();
            default:
                throw new JsonParseException(parser, "unexpected token");
        }
    }

    /** The path of the current key in our error notation: {@code params.paths[2].name}. */
    private static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null) {
                parts.addFirst((c.getParent() != null && c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
            }
        }
        return String.join("", parts);
    }

    /** A number JSON allows but BigDecimal cannot hold (an exponent beyond its int scale). */
    private static final class NumberOutOfRange extends IOException {
        final String path;

        NumberOutOfRange(String path) {
            super("number out of range", null);
            this.path = path;
        }
    }

    /** A key named twice in one object (the second must not silently override what the policy saw). */
    private static final class DuplicateKey extends IOException {
        final String path;

        DuplicateKey(String path) {
            super("duplicate key", null);
            this.path = path;
        }
    }
}
