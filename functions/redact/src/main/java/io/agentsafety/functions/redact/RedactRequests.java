package io.agentsafety.functions.redact;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.agentsafety.redaction.CustomPatterns;
import io.agentsafety.redaction.Detector;
import io.agentsafety.redaction.RedactionLimits;
import io.agentsafety.redaction.RedactionOptions;
import io.agentsafety.redaction.Redactor;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a redact request and turns it into text + {@link RedactionOptions}. Every problem is
 * collected and reported as one 400 naming the fields; values are never echoed.
 */
@Singleton
public class RedactRequests {

    /** The text of one request, with its options. */
    public record Parsed(String text, RedactionOptions options) {
        @Override
        public String toString() {
            return "Parsed[length=" + text.length() + ", " + options + "]";
        }
    }

    static final Set<String> FIELDS = Set.of("text", "extra_secrets", "env", "kinds", "custom_patterns");
    static final Set<String> PATTERN_FIELDS = Set.of("id", "kind", "regex", "keywords");
    static final int MAX_TEXT = 6 * 1024 * 1024;
    /** Entries of {@code extra_secrets}, and of {@code env}. */
    static final int MAX_ITEMS = 1000;
    /** Characters of one {@code extra_secrets} entry or {@code env} value. */
    static final int MAX_VALUE_CHARS = 64 * 1024;
    /** Characters of an {@code env} name (it names the findings: {@code env.<name>}). */
    static final int MAX_ENV_NAME = 256;
    static final int MAX_PATTERNS = 50;
    static final int MAX_KEYWORDS_PER_PATTERN = 50;
    /** Keywords over all custom patterns: each keyword hit costs a check per pattern that uses it. */
    static final int MAX_KEYWORDS = 200;
    /** Compiled size ({@link CustomPatterns#compiledSize}) over all custom patterns of a request. */
    static final int MAX_COMPILED_SIZE = 20_000;

    private final Redactor redactor;

    public RedactRequests(Redactor redactor) {
        this.redactor = redactor;
    }

    public Parsed parse(JsonFields fields) {
        fields.allowOnly(FIELDS);
        String text = text(fields);
        List<String> extra = fields.optionalStringList("extra_secrets", MAX_ITEMS, MAX_VALUE_CHARS);
        Map<String, String> env = fields.optionalStringMap("env", MAX_ITEMS, MAX_VALUE_CHARS);
        if (env != null && env.keySet().stream().anyMatch(name -> name.isEmpty() || name.length() > MAX_ENV_NAME)) {
            fields.error("env", "names must be 1 to " + MAX_ENV_NAME + " characters");
        }
        List<Detector> custom = customPatterns(fields);
        List<String> kindList = fields.optionalStringList("kinds", 500, 64);
        Set<String> kinds = null;
        if (kindList != null) {
            Set<String> known = new HashSet<>(redactor.kinds());
            known.add(Redactor.ENV_KIND);
            known.add(Redactor.EXTRA_KIND);
            custom.forEach(d -> known.add(d.kind()));
            kinds = new LinkedHashSet<>();
            for (int i = 0; i < kindList.size(); i++) {
                String kind = kindList.get(i);
                if (!known.contains(kind)) {
                    fields.error("kinds[" + i + "]", "is not a known kind (see the detector table)");
                } else {
                    kinds.add(kind);
                }
            }
        }
        fields.validate();
        checkKnownValueSize(extra, env);
        return new Parsed(text, new RedactionOptions(extra, env, kinds, custom));
    }

    /** Each value expands into ~15x its size of encoded forms to look for: their total is bounded (413). */
    private static void checkKnownValueSize(List<String> extra, Map<String, String> env) {
        long extraBytes = extra == null ? 0 : extra.stream().mapToLong(RedactRequests::utf8Length).sum();
        long envBytes = env == null ? 0 : env.values().stream().mapToLong(RedactRequests::utf8Length).sum();
        if (extraBytes + envBytes > RedactionLimits.MAX_KNOWN_VALUE_BYTES) {
            List<String> named = new ArrayList<>();
            if (extraBytes > 0) {
                named.add("extra_secrets");
            }
            if (envBytes > 0) {
                named.add("env");
            }
            throw knownValuesTooLarge(named);
        }
    }

    static ProblemException knownValuesTooLarge(List<String> fields) {
        String message = "extra_secrets and env values together must be at most " + RedactionLimits.MAX_KNOWN_VALUE_BYTES
            + " bytes (UTF-8)";
        return new ProblemException(Problem.of(413, "known_values_too_large", "Payload too large", message,
            fields.stream().map(f -> new Problem.FieldError(f, message)).toList()));
    }

    private static long utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String text(JsonFields fields) {
        JsonNode node = fields.raw("text");
        if (node == null) {
            fields.error("text", "is required");
            return "";
        }
        if (!node.isString()) {
            fields.error("text", "must be a string");
            return "";
        }
        String text = node.getStringValue();
        if (text.length() > MAX_TEXT) {
            fields.error("text", "must be at most " + MAX_TEXT + " characters");
            return "";
        }
        return text;
    }

    private static List<Detector> customPatterns(JsonFields fields) {
        JsonNode list = fields.raw("custom_patterns");
        List<Detector> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            fields.error("custom_patterns", "must be an array of objects");
            return out;
        }
        if (list.size() > MAX_PATTERNS) {
            fields.error("custom_patterns", "must have at most " + MAX_PATTERNS + " items");
            return out;
        }
        int keywordCount = 0;
        long compiledSize = 0;
        for (int i = 0; i < list.size(); i++) {
            String path = "custom_patterns[" + i + "]";
            JsonNode item = list.get(i);
            if (item == null || !item.isObject()) {
                fields.error(path, "must be a JSON object");
                continue;
            }
            // the item is validated on its own, then its field errors are re-reported under its path
            JsonFields p = JsonFields.of(item).allowOnly(PATTERN_FIELDS);
            String id = p.optionalString("id", 64);
            String kind = p.requiredString("kind", 64);
            String regex = p.requiredString("regex", CustomPatterns.MAX_REGEX_LENGTH);
            List<String> keywords = p.optionalStringList("keywords", MAX_KEYWORDS_PER_PATTERN, 100);
            keywordCount += keywords == null ? 0 : keywords.size();
            compiledSize += regex == null ? 0 : CustomPatterns.compiledSize(regex);
            boolean valid = true;
            try {
                p.validate();
            } catch (ProblemException e) {
                valid = false;
                for (Problem.FieldError error : e.problem().errors()) {
                    fields.error(path + "." + error.field(), error.message());
                }
            }
            if (kind == null || regex == null) {
                continue;
            }
            try {
                Detector detector = CustomPatterns.compile(new CustomPatterns.Spec(id, kind, regex, keywords), path);
                if (valid) {
                    out.add(detector);
                }
            } catch (CustomPatterns.InvalidPatternException e) {
                String field = e.field();
                fields.error(field, e.getMessage().substring(field.length() + 2));
            }
        }
        if (keywordCount > MAX_KEYWORDS) {
            fields.error("custom_patterns", "must have at most " + MAX_KEYWORDS + " keywords in all");
        }
        if (compiledSize > MAX_COMPILED_SIZE) {
            fields.error("custom_patterns", "must compile to at most " + MAX_COMPILED_SIZE + " instructions in all");
        }
        return out;
    }

    static ProblemException notAnObject() {
        return ProblemException.invalid("body", "must be a JSON object");
    }
}
