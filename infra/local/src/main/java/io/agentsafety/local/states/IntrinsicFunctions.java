package io.agentsafety.local.states;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The States Language's intrinsic functions used in {@code Parameters}/{@code ResultSelector}
 * ({@code "key.$": "States.Format('run {}', $.run_id)"}): a small recursive-descent parser over the call syntax
 * (quoted strings with {@code \'} escapes, numbers, booleans, null, paths, nested calls) and the functions a
 * definition here needs.
 */
final class IntrinsicFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private final JsonNode input;
    private final JsonNode context;
    private int pos;

    private IntrinsicFunctions(String text, JsonNode input, JsonNode context) {
        this.text = text;
        this.input = input;
        this.context = context;
    }

    static boolean isCall(String expression) {
        return expression.startsWith("States.");
    }

    static JsonNode evaluate(String expression, JsonNode input, JsonNode context) throws StatesError {
        IntrinsicFunctions parser = new IntrinsicFunctions(expression.strip(), input, context);
        JsonNode value = parser.call();
        parser.skipSpaces();
        if (parser.pos != parser.text.length()) {
            throw StatesError.runtime("unexpected text after the intrinsic call: " + expression);
        }
        return value;
    }

    private JsonNode call() throws StatesError {
        int nameStart = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        String name = text.substring(nameStart, pos);
        expect('(');
        List<JsonNode> args = new ArrayList<>();
        skipSpaces();
        if (peek() != ')') {
            do {
                skipSpaces();
                args.add(argument());
                skipSpaces();
            } while (consume(','));
        }
        expect(')');
        return apply(name, args);
    }

    private JsonNode argument() throws StatesError {
        char c = peek();
        if (c == '\'') {
            return new Literal(quoted());
        }
        if (c == '$') {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')' && !Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return JsonPaths.require(text.substring(start, pos), input, context);
        }
        if (text.startsWith("States.", pos)) {
            return call();
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')' && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        String literal = text.substring(start, pos);
        try {
            return JSON.readTree(literal); // numbers, true, false, null
        } catch (JsonProcessingException e) {
            throw StatesError.runtime("invalid intrinsic argument '" + literal + "'");
        }
    }

    /** A quoted string argument, kept with its {@code \\{ \\} \\\\} escapes until a function reads it. */
    private static final class Literal extends com.fasterxml.jackson.databind.node.TextNode {
        Literal(String raw) {
            super(raw);
        }

        String unescaped() {
            return textValue().replaceAll("\\\\([{}\\\\])", "$1");
        }
    }

    private String quoted() throws StatesError {
        expect('\'');
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length() && text.charAt(pos) == '\'') {
                out.append(text.charAt(pos++));
            } else if (c == '\\' && pos < text.length()) {
                out.append(c).append(text.charAt(pos++));
            } else if (c == '\'') {
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw StatesError.runtime("unterminated string in " + text);
    }

    private JsonNode apply(String name, List<JsonNode> args) throws StatesError {
        if (!name.equals("States.Format")) {
            args.replaceAll(a -> a instanceof Literal l ? NODES.textNode(l.unescaped()) : a);
        }
        switch (name) {
            case "States.Format": {
                JsonNode first = arg(args, 0, name);
                if (!first.isTextual()) {
                    throw StatesError.runtime(name + " argument 1 must be a string");
                }
                String template = first.textValue();
                StringBuilder out = new StringBuilder();
                int next = 1;
                for (int i = 0; i < template.length(); i++) {
                    char c = template.charAt(i);
                    if (c == '\\' && i + 1 < template.length()) {
                        out.append(template.charAt(++i));
                    } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                        if (next >= args.size()) {
                            throw StatesError.runtime("States.Format has more {} than arguments");
                        }
                        JsonNode arg = args.get(next++);
                        out.append(arg instanceof Literal l ? l.unescaped() : arg.isTextual() ? arg.asText() : arg.toString());
                        i++;
                    } else {
                        out.append(c);
                    }
                }
                return NODES.textNode(out.toString());
            }
            case "States.StringToJson":
                try {
                    return JSON.readTree(string(args, 0, name));
                } catch (JsonProcessingException e) {
                    throw StatesError.runtime("States.StringToJson: not JSON");
                }
            case "States.JsonToString":
                return NODES.textNode(arg(args, 0, name).toString());
            case "States.Array": {
                ArrayNode array = NODES.arrayNode();
                args.forEach(array::add);
                return array;
            }
            case "States.ArrayLength":
                return NODES.numberNode(array(args, 0, name).size());
            case "States.ArrayGetItem": {
                ArrayNode array = array(args, 0, name);
                int index = arg(args, 1, name).asInt(-1);
                if (index < 0 || index >= array.size()) {
                    throw StatesError.runtime("States.ArrayGetItem index out of range");
                }
                return array.get(index);
            }
            case "States.JsonMerge": {
                if (!arg(args, 0, name).isObject() || !arg(args, 1, name).isObject()) {
                    throw StatesError.runtime("States.JsonMerge takes two objects");
                }
                ObjectNode merged = args.get(0).deepCopy();
                Iterator<Map.Entry<String, JsonNode>> fields = args.get(1).fields();
                fields.forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
                return merged;
            }
            case "States.MathAdd":
                return NODES.numberNode(arg(args, 0, name).asLong() + arg(args, 1, name).asLong());
            case "States.UUID":
                return NODES.textNode(UUID.randomUUID().toString());
            case "States.Base64Encode":
                return NODES.textNode(Base64.getEncoder().encodeToString(string(args, 0, name).getBytes(StandardCharsets.UTF_8)));
            case "States.Base64Decode":
                return NODES.textNode(new String(Base64.getDecoder().decode(string(args, 0, name)), StandardCharsets.UTF_8));
            default:
                throw StatesError.runtime("intrinsic function " + name + " is not supported by the local runner");
        }
    }

    private static JsonNode arg(List<JsonNode> args, int i, String name) throws StatesError {
        if (i >= args.size()) {
            throw StatesError.runtime(name + " needs argument " + (i + 1));
        }
        return args.get(i);
    }

    private static String string(List<JsonNode> args, int i, String name) throws StatesError {
        JsonNode value = arg(args, i, name);
        if (!value.isTextual()) {
            throw StatesError.runtime(name + " argument " + (i + 1) + " must be a string");
        }
        return value.asText();
    }

    private static ArrayNode array(List<JsonNode> args, int i, String name) throws StatesError {
        if (!(arg(args, i, name) instanceof ArrayNode array)) {
            throw StatesError.runtime(name + " argument " + (i + 1) + " must be an array");
        }
        return array;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws StatesError {
        skipSpaces();
        if (!consume(c)) {
            throw StatesError.runtime("expected '" + c + "' at " + pos + " in " + text);
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
