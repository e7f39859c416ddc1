package io.agentsafety.functions.audit;

import io.agentsafety.audit.AuditEntry;
import io.agentsafety.audit.AuditExporter;
import io.agentsafety.audit.AuditLog;
import io.agentsafety.audit.AuditType;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.TestLambdaContext;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.agentsafety.core.aws.ContextPojoSerializer;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduled export through its real Lambda handler with a real EventBridge scheduled event: one JSON
 * line per entry on stdout, oldest first, resuming from the stored cursor without duplicates.
 */
class AuditExportFunctionTest {

    private static final String SCHEDULED_EVENT = """
        {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events",
         "account":"123456789012","time":"2026-12-05T08:00:00Z","region":"us-east-1",
         "resources":["arn:aws:events:us-east-1:123456789012:rule/audit-export"],"detail":{}}""";

    private final ContextPojoSerializer serializer = new ContextPojoSerializer();

    private record Run(AuditExporter.Result result, List<JsonNode> lines) {
    }

    private static ApplicationContext context(String stream, Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("redis.uri", EmbeddedRedis.shared().uri(),
            "safety.audit.stream", stream, "safety.audit.export-cursor-key", stream + ":cursor"));
        properties.putAll(extra);
        return ApplicationContext.builder().properties(properties).start();
    }

    /** One invocation as the Lambda runtime makes it, with stdout captured (log lines filtered out). */
    private Run invoke(AuditExportFunction function) throws IOException {
        JsonNode event = serializer.fromJson(new ByteArrayInputStream(SCHEDULED_EVENT.getBytes(StandardCharsets.UTF_8)), JsonNode.class);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        AuditExporter.Result result;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            result = function.handleRequest(event, new TestLambdaContext("audit-export"));
        } finally {
            System.setOut(original);
        }
        JsonMapper json = function.getApplicationContext().getBean(JsonMapper.class);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{\"audit_id\"")) {
                lines.add(json.readValue(line, JsonNode.class));
            }
        }
        return new Run(result, lines);
    }

    private static void append(AuditLog log, int n) {
        assertTrue(log.append(AuditEntry.of(AuditType.BUDGET_MUTATION).runId("run-export").verdict("ok")
            .detail(Map.of("n", n)).build()).written());
    }

    private static List<Integer> numbers(Run run) {
        return run.lines().stream().map(l -> l.get("detail").get("n").getIntValue()).toList();
    }

    @Test
    void exportsEachEntryOnceAsOneJsonLineAndResumesFromTheCursor() throws IOException {
        String stream = "test:export:" + Ids.newId("s");
        try (AuditExportFunction function = new AuditExportFunction(context(stream, Map.of("safety.audit.export-batch-size", 3)))) {
            AuditLog log = function.getApplicationContext().getBean(AuditLog.class);
            for (int i = 0; i < 7; i++) {
                append(log, i);
            }
            Run first = invoke(function);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), numbers(first));
            assertEquals(7, first.result().exported());
            assertFalse(first.result().more());
            JsonNode line = first.lines().get(0);
            assertTrue(line.get("audit_id").getStringValue().matches("\\d+-\\d+"));
            assertEquals("budget_mutation", line.get("type").getStringValue());
            assertEquals("run-export", line.get("run_id").getStringValue());
            assertEquals(first.lines().get(6).get("audit_id").getStringValue(), first.result().cursor());

            for (int i = 7; i < 10; i++) {
                append(log, i);
            }
            Run second = invoke(function);
            assertEquals(List.of(7, 8, 9), numbers(second), "only what was appended since, no duplicates");
            Run third = invoke(function);
            assertEquals(List.of(), numbers(third));
            assertEquals(second.result().cursor(), third.result().cursor());
        }
        // a new instance (cold start) resumes from the cursor stored in Redis
        try (AuditExportFunction fresh = new AuditExportFunction(context(stream, Map.of()))) {
            append(fresh.getApplicationContext().getBean(AuditLog.class), 10);
            assertEquals(List.of(10), numbers(invoke(fresh)));
        }
    }

    @Test
    void aRunCopiesAtMostItsShareAndTheNextRunContinues() throws IOException {
        String stream = "test:export:" + Ids.newId("s");
        try (AuditExportFunction function = new AuditExportFunction(context(stream,
                Map.of("safety.audit.export-max-entries", 4, "safety.audit.export-batch-size", 3)))) {
            AuditLog log = function.getApplicationContext().getBean(AuditLog.class);
            for (int i = 0; i < 6; i++) {
                append(log, i);
            }
            Run first = invoke(function);
            assertEquals(List.of(0, 1, 2, 3), numbers(first));
            assertTrue(first.result().more());
            Run second = invoke(function);
            assertEquals(List.of(4, 5), numbers(second));
            assertFalse(second.result().more());
        }
    }

    @Test
    void entriesTrimmedBeforeExportAreReportedAsAGap() throws IOException {
        String stream = "test:export:" + Ids.newId("s");
        try (AuditExportFunction function = new AuditExportFunction(context(stream, Map.of()))) {
            AuditLog log = function.getApplicationContext().getBean(AuditLog.class);
            append(log, 0);
            assertFalse(invoke(function).result().gap());
            append(log, 1);
            append(log, 2);
            try (RedisClient client = RedisClient.create(EmbeddedRedis.shared().uri());
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                String oldest = connection.sync().xrange(stream, io.lettuce.core.Range.create("-", "+")).get(1).getId();
                connection.sync().xdel(stream, oldest); // lost before the exporter saw it
            }
            Run run = invoke(function);
            assertTrue(run.result().gap());
            assertEquals(List.of(2), numbers(run));
        }
    }

    @Test
    void aSinkThatFailsLeavesTheCursorWhereItWas() throws IOException {
        String stream = "test:export:" + Ids.newId("s");
        try (AuditExportFunction function = new AuditExportFunction(context(stream, Map.of()))) {
            AuditLog log = function.getApplicationContext().getBean(AuditLog.class);
            append(log, 0);
            append(log, 1);
            JsonNode event = serializer.fromJson(new ByteArrayInputStream(SCHEDULED_EVENT.getBytes(StandardCharsets.UTF_8)), JsonNode.class);
            PrintStream original = System.out;
            try {
                System.setOut(new PrintStream(new java.io.OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        throw new IOException("log pipe closed");
                    }
                }, true, StandardCharsets.UTF_8));
                assertThrows(java.io.UncheckedIOException.class, () -> function.handleRequest(event, new TestLambdaContext("audit-export")));
            } finally {
                System.setOut(original);
            }
            assertEquals(List.of(0, 1), numbers(invoke(function)), "nothing was skipped: the cursor had not moved");
        }
    }

    @Test
    void redisDownFailsTheInvocation() {
        EmbeddedRedis own = EmbeddedRedis.startNew();
        own.stop();
        try (AuditExportFunction function = new AuditExportFunction(ApplicationContext.builder().properties(Map.of(
                "redis.uri", own.uri(), "safety.audit.command-timeout", "500ms")).start())) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> invoke(function));
            assertTrue(e.getMessage().startsWith("audit store unavailable"), e.getMessage());
        } finally {
            own.close();
        }
    }
}
