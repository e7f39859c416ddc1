package io.agentsafety.audit;

import io.agentsafety.core.Ids;
import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /audit}: pages through the stream newest first ({@code XREVRANGE}) with filters applied
 * here, server-side. A page examines at most {@code safety.audit.query-max-scan} entries (default 5 000):
 * when the filters are selective it may come back with fewer than {@code limit} entries (even none)
 * and a {@code next_cursor} to continue from. {@code next_cursor} is null only when the stream (or the
 * {@code since} bound) is exhausted.
 */
@Singleton
public class AuditQuery {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    private static final int MAX_BATCH = 500;
    private static final Set<String> PARAMETERS = Set.of("run_id", "type", "verdict", "since", "limit", "cursor");
    private static final Pattern VERDICT = Pattern.compile("[a-z][a-z_]{0,63}");

    /** A validated request. {@code since} is inclusive, {@code cursor} exclusive (the page starts below it). */
    public record Filter(String runId, AuditType type, String verdict, Instant since, int limit, String cursor) {

        boolean matches(JsonNode entry) {
            return (runId == null || runId.equals(text(entry, "run_id")))
                && (type == null || type.wireName().equals(text(entry, "type")))
                && (verdict == null || verdict.equals(text(entry, "verdict")));
        }

        private static String text(JsonNode entry, String field) {
            JsonNode value = entry.get(field);
            return value != null && value.isString() ? value.getStringValue() : null;
        }
    }

    private final AuditRedis redis;
    private final AuditSettings settings;
    private final JsonMapper json;

    public AuditQuery(AuditRedis redis, AuditSettings settings, JsonMapper json) {
        this.redis = redis;
        this.settings = settings;
        this.json = json;
    }

    /** Validates query parameters: 400 naming every bad (or unknown, or repeated) one. */
    public static Filter parse(Map<String, List<String>> query) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!PARAMETERS.contains(e.getKey())) {
                errors.add(new Problem.FieldError(e.getKey(), "is not a parameter of this endpoint (allowed: cursor, limit, run_id, since, type, verdict)"));
            } else if (e.getValue().size() > 1) {
                errors.add(new Problem.FieldError(e.getKey(), "must be given at most once"));
            }
        }
        String runId = single(query, "run_id");
        if (runId != null && !Ids.isValidIdentifier(runId)) {
            errors.add(new Problem.FieldError("run_id", Ids.identifierRule()));
        }
        String typeText = single(query, "type");
        AuditType type = null;
        if (typeText != null) {
            type = AuditType.parse(typeText).orElse(null);
            if (type == null) {
                errors.add(new Problem.FieldError("type", "must be one of " + AuditType.allowedValues()));
            }
        }
        String verdict = single(query, "verdict");
        if (verdict != null && !VERDICT.matcher(verdict).matches()) {
            errors.add(new Problem.FieldError("verdict", "must be a verdict or outcome such as allow, deny, require_approval, ok"));
        }
        Instant since = null;
        String sinceText = single(query, "since");
        if (sinceText != null) {
            since = instant(sinceText);
            if (since == null) {
                errors.add(new Problem.FieldError("since", "must be an ISO-8601 time such as 2026-01-31T12:00:00Z"));
            }
        }
        int limit = DEFAULT_LIMIT;
        String limitText = single(query, "limit");
        if (limitText != null) {
            limit = limitText.matches("[0-9]{1,4}") ? Integer.parseInt(limitText) : -1;
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new Problem.FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
            }
        }
        String cursor = single(query, "cursor");
        if (cursor != null && !StreamIds.isValid(cursor)) {
            errors.add(new Problem.FieldError("cursor", "must be a next_cursor value returned by this endpoint"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Filter(runId, type, verdict, since, limit, cursor);
    }

    /** One page; Redis down or slow → 503. */
    public Map<String, Object> page(Filter filter) {
        String floor = filter.since() == null ? null : Long.toString(Math.max(0, filter.since().toEpochMilli())) + "-0";
        String top = filter.cursor() == null ? null : StreamIds.before(filter.cursor());
        List<JsonNode> entries = new ArrayList<>();
        int scanned = 0;
        int malformed = 0;
        String lastScanned = null;
        boolean exhausted = filter.cursor() != null && top == null;
        while (!exhausted && entries.size() < filter.limit() && scanned < settings.getQueryMaxScan()) {
            int batch = Math.min(MAX_BATCH, Math.min(settings.getQueryMaxScan() - scanned, Math.max(filter.limit() * 2, 64)));
            List<StreamMessage<String, String>> messages = read(top, floor, batch);
            int used = 0;
            for (StreamMessage<String, String> message : messages) {
                used++;
                scanned++;
                lastScanned = message.getId();
                JsonNode entry = entry(message);
                if (entry == null) {
                    malformed++;
                } else if (filter.matches(entry)) {
                    entries.add(entry);
                    if (entries.size() == filter.limit()) {
                        break;
                    }
                }
            }
            // a short batch read to its end means nothing older is left (or nothing at/after since)
            exhausted = messages.size() < batch && used == messages.size();
            if (!exhausted && lastScanned != null) {
                top = StreamIds.before(lastScanned);
                exhausted = top == null;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entries", entries);
        out.put("next_cursor", exhausted ? null : lastScanned);
        out.put("scanned", scanned);
        if (malformed > 0) {
            out.put("malformed", malformed);
        }
        return out;
    }

    private List<StreamMessage<String, String>> read(String top, String floor, int count) {
        Range<String> range = Range.create(floor == null ? "-" : floor, top == null ? "+" : top);
        try {
            return redis.call(settings.getCommandTimeout(),
                c -> c.streams().xrevrange(settings.getStream(), range, Limit.from(count)));
        } catch (AuditRedis.UnavailableException e) {
            throw unavailable(e);
        }
    }

    private JsonNode entry(StreamMessage<String, String> message) {
        String document = message.getBody().get("e");
        if (document == null) {
            return null;
        }
        try {
            JsonNode node = json.readValue(document, JsonNode.class);
            if (!node.isObject()) {
                return null;
            }
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            fields.put("id", JsonNode.createStringNode(message.getId()));
            node.entries().forEach(e -> fields.put(e.getKey(), e.getValue()));
            return JsonNode.createObjectNode(fields);
        } catch (IOException e) {
            return null;
        }
    }

    static ProblemException unavailable(AuditRedis.UnavailableException e) {
        org.slf4j.LoggerFactory.getLogger(AuditQuery.class).warn("audit store unavailable: {}", e.getMessage());
        return ProblemException.unavailable("audit_unavailable", "the audit trail cannot be read; retry later");
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
