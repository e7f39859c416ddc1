package io.agentsafety.functions.redact;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.agentsafety.redaction.CustomPatterns;
import io.agentsafety.redaction.Detector;
import io.agentsafety.redaction.RedactionOptions;
import io.agentsafety.redaction.Redactor;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

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
    static final int MAX_ITEMS = 1000;
    static final int MAX_PATTERNS = 50;

    private final Redactor redactor;

    public RedactRequests(Redactor redactor) {
        this.redactor = redactor;
    }

    public Parsed parse(JsonFields fields) {
        fields.allowOnly(FIELDS);
        String text = text(fields);
        List<String> extra = fields.optionalStringList("extra_secrets", MAX_ITEMS, 64 * 1024);
        Map<String, String> env = fields.optionalStringMap("env", MAX_ITEMS, 64 * 1024);
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
        return new Parsed(text, new RedactionOptions(extra, env, kinds, custom));
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
            List<String> keywords = p.optionalStringList("keywords", 50, 100);
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
        return out;
    }

    static ProblemException notAnObject() {
        return ProblemException.invalid("body", "must be a JSON object");
    }
}
