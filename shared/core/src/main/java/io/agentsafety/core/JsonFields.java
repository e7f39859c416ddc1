package io.agentsafety.core;

import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validating access to one JSON object of a request. Problems are collected (not thrown one
 * at a time) so a client learns every bad field in one answer; {@link #validate()} throws them as a
 * 400. Field paths are reported in full ({@code params.paths[1]}). Messages never echo values. Keys the
 * caller chose (unknown fields, {@code env.<key>}) are kept raw here: they are scrubbed, cleaned and bounded
 * when the problem leaves the service ({@link OutboundProblems}), because a cut or a cleaning done first would
 * hide a secret from the redactor (or keep 30 of its 36 characters).
 */
public final class JsonFields {

    /**
     * A NUL is never meaningful in this API's strings, and what reads them next would see another text than the
     * one checked: a shell or {@code execve} cuts an argument at it, C-based log and webhook consumers truncate.
     */
    private static final String NUL = "must not contain NUL (U+0000) characters";

    private final JsonNode object;
    private final String prefix;
    private final List<Problem.FieldError> errors;

    private JsonFields(JsonNode object, String prefix, List<Problem.FieldError> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
    }

    public static JsonFields of(JsonNode object) {
        return new JsonFields(object, "", new ArrayList<>());
    }

    public static JsonFields parse(byte[] body) {
        return of(StrictJson.parseObject(body));
    }

    public JsonNode node() {
        return object;
    }

    public String path(String name) {
        return prefix + name;
    }

    public boolean has(String name) {
        JsonNode value = object.get(name);
        return value != null && !value.isNull();
    }

    public JsonNode raw(String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public void error(String name, String message) {
        errors.add(new Problem.FieldError(path(name), message));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws the collected problems as one 400, if there are any. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(List.copyOf(errors));
        }
    }

    /** Rejects fields this endpoint does not know: a typo such as "ammount" must not pass silently. */
    public JsonFields allowOnly(Set<String> known) {
        for (Map.Entry<String, JsonNode> entry : object.entries()) {
            if (!known.contains(entry.getKey())) {
                errors.add(new Problem.FieldError(path(entry.getKey()), "is not a known field"));
            }
        }
        return this;
    }

    public String requiredString(String name, int maxLength) {
        String value = optionalString(name, maxLength);
        if (value == null && !has(name)) {
            error(name, "is required");
        }
        return value;
    }

    public String optionalString(String name, int maxLength) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            error(name, "must be a string");
            return null;
        }
        String text = value.getStringValue();
        if (text.indexOf('\0') >= 0) {
            error(name, NUL);
            return null;
        }
        if (text.isBlank()) {
            error(name, "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            error(name, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    /** A caller-chosen identifier (run id, idempotency key) restricted to a safe alphabet. */
    public String identifier(String name, boolean required) {
        JsonNode value = raw(name);
        if (value == null) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        if (!value.isString()) {
            error(name, "must be a string");
            return null;
        }
        String text = value.getStringValue();
        if (!Ids.isValidIdentifier(text)) {
            error(name, Ids.identifierRule());
            return null;
        }
        return text;
    }

    public Boolean optionalBoolean(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            error(name, "must be true or false");
            return null;
        }
        return value.getBooleanValue();
    }

    /** A whole number in [min, max]; JSON numbers only (strings are refused to keep types honest). */
    public Long optionalLong(String name, long min, long max) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        BigDecimal number = value.isNumber() ? toDecimal(value) : null;
        if (number == null || number.stripTrailingZeros().scale() > 0) {
            error(name, "must be a whole number");
            return null;
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(name, "must be between " + min + " and " + max);
            return null;
        }
        return number.longValueExact();
    }

    public JsonFields optionalObject(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            error(name, "must be a JSON object");
            return null;
        }
        return new JsonFields(value, path(name) + ".", errors);
    }

    public JsonFields requiredObject(String name) {
        JsonFields nested = optionalObject(name);
        if (nested == null && !has(name)) {
            error(name, "is required");
        }
        return nested;
    }

    /** A list of non-blank strings; a single string is not silently promoted to a list. */
    public List<String> optionalStringList(String name, int maxItems, int maxLength) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            error(name, "must be an array of strings");
            return null;
        }
        if (value.size() > maxItems) {
            error(name, "must have at most " + maxItems + " items");
            return null;
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = name + "[" + i + "]";
            if (item == null || !item.isString()) {
                error(itemPath, "must be a string");
            } else if (item.getStringValue().isEmpty()) {
                error(itemPath, "must not be empty");
            } else if (item.getStringValue().indexOf('\0') >= 0) {
                error(itemPath, NUL);
            } else if (item.getStringValue().length() > maxLength) {
                error(itemPath, "must be at most " + maxLength + " characters");
            } else {
                out.add(item.getStringValue());
            }
        }
        return out;
    }

    /** An object whose values are all strings, e.g. {@code env}. */
    public Map<String, String> optionalStringMap(String name, int maxEntries, int maxLength) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            error(name, "must be a JSON object of strings");
            return null;
        }
        if (value.size() > maxEntries) {
            error(name, "must have at most " + maxEntries + " entries");
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.entries()) {
            String entryPath = name + "." + entry.getKey();
            if (!entry.getValue().isString()) {
                error(entryPath, "must be a string");
            } else if (entry.getValue().getStringValue().indexOf('\0') >= 0) {
                error(entryPath, NUL);
            } else if (entry.getValue().getStringValue().length() > maxLength) {
                error(entryPath, "must be at most " + maxLength + " characters");
            } else {
                out.put(entry.getKey(), entry.getValue().getStringValue());
            }
        }
        return out;
    }

    /**
     * An amount of money: JSON number or decimal string, parsed exactly, at most 6 decimals, at most
     * 10^12. Returned in micro-units. {@code allowZero} for limits that may be zero.
     */
    public Long amountMicros(String name, boolean required, boolean allowZero) {
        JsonNode value = raw(name);
        if (value == null) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        Money.Parsed parsed = Money.parse(value);
        if (parsed.error() != null) {
            error(name, parsed.error());
            return null;
        }
        if (parsed.micros() < 0 || (!allowZero && parsed.micros() == 0)) {
            error(name, allowZero ? "must not be negative" : "must be greater than zero");
            return null;
        }
        return parsed.micros();
    }

    static BigDecimal toDecimal(JsonNode value) {
        Number number = value.getNumberValue();
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof java.math.BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
        }
        return BigDecimal.valueOf(number.longValue());
    }
}
