package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;

/** Evaluates one Choice rule ({@code Variable} + comparison, or {@code And}/{@code Or}/{@code Not}). */
final class ChoiceRules {

    private ChoiceRules() {
    }

    static boolean matches(JsonNode rule, JsonNode input, JsonNode context) throws StatesError {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, input, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, input, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, context);
        }
        if (!rule.has("Variable")) {
            throw StatesError.runtime("a Choice rule needs Variable, And, Or or Not");
        }
        JsonNode value = JsonPaths.read(rule.get("Variable").asText(), input, context);
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String op = names.next();
            if (op.equals("Variable") || op.equals("Next")) {
                continue;
            }
            JsonNode operand = rule.get(op);
            if (op.endsWith("Path")) {
                op = op.substring(0, op.length() - 4);
                operand = JsonPaths.read(operand.asText(), input, context);
            }
            return compare(op, value, operand);
        }
        throw StatesError.runtime("a Choice rule has no comparison");
    }

    private static boolean compare(String op, JsonNode value, JsonNode operand) throws StatesError {
        switch (op) {
            case "IsPresent":
                return (value != null) == operand.asBoolean();
            case "IsNull":
                return (value != null && value.isNull()) == operand.asBoolean();
            case "IsString":
                return (value != null && value.isTextual()) == operand.asBoolean();
            case "IsNumeric":
                return (value != null && value.isNumber()) == operand.asBoolean();
            case "IsBoolean":
                return (value != null && value.isBoolean()) == operand.asBoolean();
            case "IsTimestamp":
                return (value != null && value.isTextual() && timestamp(value.asText()) != null) == operand.asBoolean();
            default:
                break;
        }
        if (value == null || operand == null) {
            // AWS fails the execution when a compared Variable is missing; definitions guard with IsPresent
            throw StatesError.runtime("Invalid path: the choice state could not find the compared value");
        }
        if (op.startsWith("String")) {
            if (!value.isTextual() || !operand.isTextual()) {
                return false;
            }
            String a = value.asText();
            String b = operand.asText();
            return switch (op) {
                case "StringEquals" -> a.equals(b);
                case "StringLessThan" -> a.compareTo(b) < 0;
                case "StringGreaterThan" -> a.compareTo(b) > 0;
                case "StringLessThanEquals" -> a.compareTo(b) <= 0;
                case "StringGreaterThanEquals" -> a.compareTo(b) >= 0;
                case "StringMatches" -> a.matches(globToRegex(b));
                default -> throw StatesError.runtime("unknown Choice operator " + op);
            };
        }
        if (op.startsWith("Numeric")) {
            if (!value.isNumber() || !operand.isNumber()) {
                return false;
            }
            int c = value.decimalValue().compareTo(operand.decimalValue());
            return switch (op) {
                case "NumericEquals" -> c == 0;
                case "NumericLessThan" -> c < 0;
                case "NumericGreaterThan" -> c > 0;
                case "NumericLessThanEquals" -> c <= 0;
                case "NumericGreaterThanEquals" -> c >= 0;
                default -> throw StatesError.runtime("unknown Choice operator " + op);
            };
        }
        if (op.equals("BooleanEquals")) {
            return value.isBoolean() && operand.isBoolean() && value.asBoolean() == operand.asBoolean();
        }
        if (op.startsWith("Timestamp")) {
            OffsetDateTime a = value.isTextual() ? timestamp(value.asText()) : null;
            OffsetDateTime b = operand.isTextual() ? timestamp(operand.asText()) : null;
            if (a == null || b == null) {
                return false;
            }
            int c = a.compareTo(b);
            return switch (op) {
                case "TimestampEquals" -> c == 0;
                case "TimestampLessThan" -> c < 0;
                case "TimestampGreaterThan" -> c > 0;
                case "TimestampLessThanEquals" -> c <= 0;
                case "TimestampGreaterThanEquals" -> c >= 0;
                default -> throw StatesError.runtime("unknown Choice operator " + op);
            };
        }
        throw StatesError.runtime("unknown Choice operator " + op);
    }

    private static OffsetDateTime timestamp(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code StringMatches}: only {@code *} is special ({@code \*} is a literal star). */
    private static String globToRegex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                out.append(java.util.regex.Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (c == '*') {
                out.append(".*");
            } else {
                out.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
