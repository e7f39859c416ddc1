package io.agentsafety.audit;

import io.agentsafety.core.UnchangedTexts;
import io.agentsafety.redaction.Redactor;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns whatever a caller put in an entry into a JSON value fit for the stream: every string (map keys
 * included) through the shared redactor first, then bounded — strings to 4 096 characters, maps and lists
 * to 100 items, nesting to 8 levels — so a 6 MB request cannot make a 6 MB entry. Truncation happens
 * after redaction, so it can never cut a secret in two and hide it from a detector.
 *
 * <p>Map keys that are the entry format's own field names ({@link #FIELD_NAMES}) skip the per-string pass: the
 * redactor's cost is mostly per call, and these ~15 short literals were half of its calls per entry (infra/local
 * BENCHMARK.md). Such a key is never cut, so the whole-document pass of {@link RedisAuditLog} still sees it intact.
 *
 * <p>The values of {@link #VOCABULARY_KEYS} (the entry's type, function, verdict, rule ids, action type, risk level) are
 * the service's own small vocabulary, the same few dozen strings in every entry: one the redactor left unchanged is
 * remembered ({@link #MAX_REMEMBERED} values of at most {@link #MAX_REMEMBERED_LENGTH} characters, then no more are
 * added), so each costs one redactor call per process instead of one per entry. The redactor is a pure function of the
 * text, so the stored entry is the same either way; a value it changed is never remembered (no secret is kept) and is
 * redacted again each time ({@link UnchangedTexts}; infra/local BENCHMARK.md, 2026-12-07). The decision's {@code reason}
 * is a rule's description (already the policy's vocabulary); where a caller wrote one (an approval's), the same bound
 * and the same rule apply. Map keys other than {@link #FIELD_NAMES} (the action parameters' names: {@code command},
 * {@code url}...) are remembered the same way in a second, equally bounded set: the redactor's cost is mostly per call
 * (~6 us for a four-letter word at C1, infra/local BENCHMARK.md "chk10").
 */
@Singleton
public class AuditValues {

    static final int MAX_STRING = 4096;
    static final int MAX_ITEMS = 100;
    static final int MAX_DEPTH = 8;

    /** The keys {@link AuditEntry#toJson} and the recorders' params/detail maps use (a caller's key that equals one is as harmless). */
    static final Set<String> FIELD_NAMES = Set.of("v", "at", "type", "function", "request_id", "principal", "actor",
        "run_id", "decision_id", "approval_id", "reservation_id", "verdict", "rules", "replayed", "params", "detail",
        "action_type", "risk_level", "reason", "metadata", "redaction");

    /** Keys whose values are the service's vocabulary (see the class comment); any other value is redacted on every call. */
    static final Set<String> VOCABULARY_KEYS = Set.of("type", "function", "verdict", "rules", "action_type", "risk_level",
        "reason");
    static final int MAX_REMEMBERED = 1024;
    static final int MAX_REMEMBERED_LENGTH = 64;

    private final Redactor redactor;
    private final UnchangedTexts vocabularyTexts;
    private final UnchangedTexts keyTexts;

    public AuditValues(Redactor redactor) {
        this.redactor = redactor;
        this.vocabularyTexts = new UnchangedTexts(this::text, MAX_REMEMBERED, MAX_REMEMBERED_LENGTH);
        this.keyTexts = new UnchangedTexts(this::text, MAX_REMEMBERED, MAX_REMEMBERED_LENGTH);
    }

    Redactor redactor() {
        return redactor;
    }

    /** How many vocabulary values are remembered (tests). */
    int rememberedCount() {
        return vocabularyTexts.rememberedCount();
    }

    /** How many map keys are remembered (tests). */
    int rememberedKeyCount() {
        return keyTexts.rememberedCount();
    }

    public Map<String, Object> clean(Map<String, ?> document) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) clean(document, 0);
        return out;
    }

    Object clean(Object value, int depth) {
        return clean(value, depth, false);
    }

    /** {@code vocabulary}: the value (or each item of it) sits under one of {@link #VOCABULARY_KEYS}. */
    private Object clean(Object value, int depth, boolean vocabulary) {
        if (value == null || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof CharSequence text) {
            return vocabulary ? vocabularyTexts.scrub(text.toString()) : text(text.toString());
        }
        if (value instanceof Instant instant) {
            // ISO-8601 (Instant.toString): digits, '-', ':', '.', 'T', 'Z' in a fixed shape, nothing a caller chose,
            // so no secret; the redactor's cost is mostly per call (BENCHMARK: ~6 us for any text at C1). The
            // whole-document pass of RedisAuditLog still sees it.
            return instant.toString();
        }
        if (depth >= MAX_DEPTH) {
            return "[nested too deep]";
        }
        if (value instanceof JsonNode node) {
            return node(node, depth);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            int kept = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (kept++ == MAX_ITEMS) {
                    out.put("…", (map.size() - MAX_ITEMS) + " more");
                    break;
                }
                String key = String.valueOf(e.getKey());
                out.put(key(key), clean(e.getValue(), depth + 1, VOCABULARY_KEYS.contains(key)));
            }
            return out;
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>();
            for (Object item : items) {
                if (out.size() == MAX_ITEMS) {
                    out.add((items.size() - MAX_ITEMS) + " more");
                    break;
                }
                out.add(clean(item, depth + 1, vocabulary));
            }
            return out;
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        return text(String.valueOf(value));
    }

    private Object node(JsonNode node, int depth) {
        if (node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return text(node.getStringValue());
        }
        if (node.isBoolean()) {
            return node.getBooleanValue();
        }
        if (node.isNumber()) {
            return node.getNumberValue();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.values().forEach(items::add);
            return clean(items, depth);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        node.entries().forEach(e -> fields.put(e.getKey(), e.getValue()));
        return clean(fields, depth);
    }

    private String key(String key) {
        return FIELD_NAMES.contains(key) ? key : keyTexts.scrub(key);
    }

    private String text(String text) {
        String redacted = redactor.redactToString(text);
        if (redacted.length() <= MAX_STRING) {
            return redacted;
        }
        return redacted.substring(0, MAX_STRING) + "…[" + (redacted.length() - MAX_STRING) + " more characters]";
    }
}
