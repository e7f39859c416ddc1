package io.agentsafety.audit;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the entries appended since the last run to a line sink, one JSON object per line
 * ({@code {"audit_id":"<stream id>", ...the entry}}), oldest first. On Lambda the sink is stdout, which
 * is the function's CloudWatch log group: retention beyond Redis is that log group's setting. The cursor
 * (the id of the last exported entry, in {@code safety.audit.export-cursor-key}) advances only after a
 * batch was written and flushed without error, so a crash repeats at most one batch (at-least-once);
 * consumers deduplicate on {@code audit_id}.
 */
@Singleton
public class AuditExporter {

    private static final Logger LOG = LoggerFactory.getLogger(AuditExporter.class);
    static final String START = "0-0";

    /** What one run did: entries written, the cursor after it, whether more is waiting, whether entries were trimmed unexported. */
    @Serdeable
    public record Result(int exported, String cursor, boolean more, boolean gap) {
    }

    private final AuditRedis redis;
    private final AuditSettings settings;
    private final JsonMapper json;

    public AuditExporter(AuditRedis redis, AuditSettings settings, JsonMapper json) {
        this.redis = redis;
        this.settings = settings;
        this.json = json;
    }

    public Result export(PrintStream out) {
        String cursor = storedCursor();
        boolean gap = trimmedUnexported(cursor);
        if (gap) {
            LOG.warn("audit_export_gap: entries after {} were trimmed from the stream before they were exported", cursor);
        }
        int exported = 0;
        boolean more = false;
        while (true) {
            int room = settings.getExportMaxEntries() - exported;
            if (room <= 0) {
                more = true;
                break;
            }
            String from = StreamIds.after(cursor);
            if (from == null) {
                break;
            }
            int batch = Math.min(settings.getExportBatchSize(), room);
            List<StreamMessage<String, String>> messages = call(c -> c.streams().xrange(settings.getStream(),
                Range.create(from, "+"), Limit.from(batch)));
            if (messages.isEmpty()) {
                break;
            }
            for (StreamMessage<String, String> message : messages) {
                out.println(line(message));
            }
            out.flush();
            if (out.checkError()) {
                throw new UncheckedIOException(new IOException("the export sink failed; the cursor stays at " + cursor));
            }
            cursor = messages.get(messages.size() - 1).getId();
            String advanced = cursor;
            call(c -> c.strings().set(settings.getExportCursorKey(), advanced));
            exported += messages.size();
            if (messages.size() < batch) {
                break;
            }
        }
        LOG.info("audit_export exported={} cursor={} more={} gap={}", exported, cursor, more, gap);
        return new Result(exported, cursor, more, gap);
    }

    private String storedCursor() {
        String stored = call(c -> c.strings().get(settings.getExportCursorKey()));
        if (stored == null) {
            return START;
        }
        if (!StreamIds.isValid(stored)) {
            // never guess: restarting from 0-0 would duplicate everything, skipping would lose entries
            throw new IllegalStateException("the stored export cursor (" + settings.getExportCursorKey() + ") is not a stream id");
        }
        return stored;
    }

    /** Redis 7 reports the greatest id it ever trimmed or deleted: above the cursor means entries were lost to export. */
    private boolean trimmedUnexported(String cursor) {
        List<Object> info;
        try {
            info = call(c -> c.streams().xinfoStream(settings.getStream()));
        } catch (AuditRedis.UnavailableException e) {
            return false; // no stream yet (XINFO answers an error for a missing key)
        }
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if ("max-deleted-entry-id".equals(String.valueOf(info.get(i)))) {
                String maxDeleted = String.valueOf(info.get(i + 1));
                return StreamIds.isValid(maxDeleted) && StreamIds.compare(maxDeleted, cursor) > 0;
            }
        }
        return false;
    }

    private String line(StreamMessage<String, String> message) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        fields.put("audit_id", JsonNode.createStringNode(message.getId()));
        String document = message.getBody().get("e");
        try {
            JsonNode entry = document == null ? null : json.readValue(document, JsonNode.class);
            if (entry != null && entry.isObject()) {
                entry.entries().forEach(e -> fields.put(e.getKey(), e.getValue()));
            } else {
                fields.put("malformed", JsonNode.createBooleanNode(true));
            }
            return json.writeValueAsString(JsonNode.createObjectNode(fields));
        } catch (IOException e) {
            return "{\"audit_id\":\"" + message.getId() + "\",\"malformed\":true}";
        }
    }

    private <T> T call(java.util.function.Function<AuditRedis.Commands, io.lettuce.core.RedisFuture<T>> command) {
        return redis.call(settings.getCommandTimeout(), command);
    }
}
