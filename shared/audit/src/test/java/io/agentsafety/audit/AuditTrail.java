package io.agentsafety.audit;

import io.agentsafety.redaction.Finding;
import io.agentsafety.redaction.Redactor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Reads the audit stream of a test Redis directly ({@code XRANGE - +}), so tests check what was really
 * stored, and scans it with the redactor's own detectors. Published in this module's test-jar for the
 * functions' tests.
 */
public final class AuditTrail implements AutoCloseable {

    /** One stored entry: its stream id, the raw {@code e} field and that field parsed. */
    public record Stored(String id, String raw, JsonNode entry) {

        public String text(String field) {
            JsonNode value = entry.get(field);
            return value == null || value.isNull() ? null : value.isString() ? value.getStringValue() : value.toString();
        }
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String stream;

    public AuditTrail(String redisUri) {
        this(redisUri, "safety:audit");
    }

    public AuditTrail(String redisUri, String stream) {
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        this.stream = stream;
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    public List<Stored> all() {
        List<Stored> out = new ArrayList<>();
        for (StreamMessage<String, String> message : connection.sync().xrange(stream, Range.create("-", "+"))) {
            String raw = message.getBody().get("e");
            try {
                out.add(new Stored(message.getId(), raw, JSON.readValue(raw, JsonNode.class)));
            } catch (IOException e) {
                throw new UncheckedIOException("stored entry " + message.getId() + " is not JSON", e);
            }
        }
        return out;
    }

    /** Entries whose {@code run_id} is this one, oldest first. */
    public List<Stored> forRun(String runId) {
        return all().stream().filter(s -> runId.equals(s.text("run_id"))).toList();
    }

    /** Entries of one type whose raw JSON mentions {@code marker} (a decision id, a unique param...). */
    public List<Stored> find(AuditType type, String marker) {
        return all().stream().filter(s -> type.wireName().equals(s.text("type")) && s.raw().contains(marker)).toList();
    }

    /** The whole stream, run through the built-in detectors: no finding, and none of the given values verbatim. */
    public int assertFreeOfSecrets(List<String> secretValues) {
        Redactor detectors = Redactor.builtIn();
        List<Stored> entries = all();
        for (Stored stored : entries) {
            List<Finding> findings = detectors.redact(stored.raw()).findings();
            assertEquals(List.of(), findings, "entry " + stored.id() + " holds a secret: " + stored.raw());
            for (int i = 0; i < secretValues.size(); i++) {
                String secret = secretValues.get(i);
                assertFalse(stored.raw().contains(secret), "entry " + stored.id() + " holds secret #" + i + " verbatim: "
                    + stored.raw().replace(secret, "<SECRET#" + i + ">"));
            }
        }
        return entries.size();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
