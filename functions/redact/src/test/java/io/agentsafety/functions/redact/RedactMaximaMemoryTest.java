package io.agentsafety.functions.redact;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.redaction.RedactionLimits;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests at the documented maxima (README, "Limits of one request") complete through the real
 * API Gateway v2 handler inside this JVM, whose heap is capped at the local runner's worker heap (128 MiB,
 * {@code argLine} in this module's pom; a 512 MB Lambda has more), with the event just under Lambda's
 * 6 MiB payload limit. For each, the bytes allocated while handling it and the heap still used after it (after
 * a GC) are bounded: the per-request matcher is linear and nothing of the request is retained.
 */
class RedactMaximaMemoryTest {

    private static final long MAX_HEAP = 128L * 1024 * 1024;
    /** Bytes one request may allocate: the 6 MiB body is copied a handful of times (event, tree, output). */
    private static final long ALLOCATION_BUDGET = 256L * 1024 * 1024;
    /** Heap a finished request may leave behind. */
    private static final long RETAINED_BUDGET = 8L * 1024 * 1024;
    /** Lambda's limit on the invocation event, which carries the body as an escaped JSON string. */
    private static final int EVENT_LIMIT = 6 * 1024 * 1024;
    private static final int EVENT_TARGET = EVENT_LIMIT - 8 * 1024;

    private static LambdaHttp http;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        http = new LambdaHttp("redact");
        json = http.bean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void theJvmRunsWithTheWorkersHeap() {
        assertTrue(Runtime.getRuntime().maxMemory() <= MAX_HEAP, "max heap " + Runtime.getRuntime().maxMemory());
    }

    @Test
    void oneExtraSecretOfTheMaximumSize() throws IOException {
        List<String> secrets = RedactLimitsHandlerTest.values(new Random(1), 1, RedactionLimits.MAX_KNOWN_VALUE_BYTES);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("extra_secrets", secrets);
        assertWithinBudget(fields, secrets, body -> body.contains("[REDACTED:extra_secret]"));
    }

    @Test
    void theMaximumNumberOfExtraSecretsAndEnvValues() throws IOException {
        // 1000 x 32 + 1000 x 33 bytes: both counts at their maximum, the total just under 64 KiB
        List<String> secrets = RedactLimitsHandlerTest.values(new Random(2), RedactRequests.MAX_ITEMS, 32);
        List<String> envValues = RedactLimitsHandlerTest.values(new Random(3), RedactRequests.MAX_ITEMS, 33);
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < envValues.size(); i++) {
            env.put("SERVICE_" + i + "_TOKEN", envValues.get(i));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("extra_secrets", secrets);
        fields.put("env", env);
        List<String> planted = new ArrayList<>(secrets.subList(0, 50));
        planted.addAll(envValues.subList(0, 50));
        assertWithinBudget(fields, planted, body -> body.contains("[REDACTED:env_secret]"));
    }

    @Test
    void theMaximumOfCustomPatterns() throws IOException {
        // 50 patterns: 200 keywords in all, 20,000 units of compiled size in all (~400 each), 1 without keywords
        List<Map<String, Object>> patterns = new ArrayList<>();
        for (int i = 0; i < RedactRequests.MAX_PATTERNS; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kind", "custom_" + i);
            p.put("regex", "(?i)ord" + i + "-[0-9a-f]{8}(-[0-9a-z]{4}){3}-[0-9a-f]{12}[a-z0-9_]{0,340}");
            if (i >= 1) {
                p.put("keywords", List.of("ord" + i + "-", "k" + i + "a", "k" + i + "b", "k" + i + "c"));
            }
            patterns.add(p);
        }
        long size = patterns.stream().mapToLong(p -> io.agentsafety.redaction.CustomPatterns.compiledSize((String) p.get("regex"))).sum();
        assertTrue(size <= RedactRequests.MAX_COMPILED_SIZE && size > RedactRequests.MAX_COMPILED_SIZE * 9L / 10, "size " + size);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("custom_patterns", patterns);
        List<String> planted = List.of("ORD7-0123abcd-aaaa-bbbb-cccc-0123456789ab", "ord42-89abcdef-1111-2222-3333-ba9876543210");
        assertWithinBudget(fields, planted, body -> body.contains("[REDACTED:custom_7]") && body.contains("[REDACTED:custom_42]"));
    }

    @Test
    void theMaximumNumberOfFindings() throws IOException {
        // 1.1 M four-character secrets: the 250,000th finding stops the call (413) before more memory is spent
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("text", "abcd ".repeat(1_100_000));
        fields.put("extra_secrets", List.of("abcd"));
        Measured m = measure(json.writeValueAsString(fields));
        http.assertProblem(m.response, 413, "text");
        assertBudget(m);
    }

    private void assertWithinBudget(Map<String, Object> fields, List<String> planted, Predicate<String> redacted) throws IOException {
        fields.put("text", "");
        long overhead = eventBodySize(json.writeValueAsString(fields));
        fields.put("text", text((int) (EVENT_TARGET - overhead), planted));
        String request = json.writeValueAsString(fields);
        long eventBody = eventBodySize(request);
        assertTrue(eventBody > EVENT_LIMIT - 32 * 1024 && eventBody <= EVENT_TARGET, "event body " + eventBody);
        Measured m = measure(request);
        assertEquals(200, m.response.getStatusCode(), () -> m.response.getBody().substring(0, Math.min(400, m.response.getBody().length())));
        for (String p : planted) {
            assertTrue(!m.response.getBody().contains(p), "a planted value survived");
        }
        assertTrue(redacted.test(m.response.getBody()));
        assertBudget(m);
    }

    private static void assertBudget(Measured m) {
        System.out.printf("allocated %.1f MB, retained %.1f MB%n", m.allocated / 1e6, m.retained / 1e6);
        assertTrue(m.allocated < ALLOCATION_BUDGET, "allocated " + m.allocated);
        assertTrue(m.retained < RETAINED_BUDGET, "retained " + m.retained);
    }

    /** Bytes of the request body as the event carries it: a JSON string inside the event JSON. */
    private static long eventBodySize(String body) throws IOException {
        return json.writeValueAsBytes(body).length;
    }

    /**
     * A mixed log taking {@code length} bytes in the event (a newline costs 3: {@code \\n}), with the
     * planted values spread through it.
     */
    private static String text(int length, List<String> planted) {
        StringBuilder b = new StringBuilder(length);
        Random r = new Random(4);
        int next = 0;
        int line = 0;
        int newlines = 0;
        int pending = planted.stream().mapToInt(p -> p.length() + 10).sum();
        while (b.length() + 2 * newlines + pending < length - 120) {
            newlines++;
            if (next < planted.size() && line % 1000 == 999) {
                pending -= planted.get(next).length() + 10;
                b.append("value ").append(planted.get(next++)).append('\n');
                newlines++;
            }
            b.append("2025-05-01T10:00:").append(10 + line % 50).append("Z INFO request ").append(line++)
                .append(" handled in ").append(r.nextInt(900)).append("ms path=/api/v1/orders user=u").append(r.nextInt(10_000)).append('\n');
        }
        while (next < planted.size()) {
            b.append("value ").append(planted.get(next++)).append('\n');
        }
        return b.toString();
    }

    private record Measured(APIGatewayV2HTTPResponse response, long allocated, long retained) {
    }

    private static Measured measure(String request) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var event = ApiEvents.postJson("/api/v1/safety/redact", request);
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long allocatedBefore = allocated(threads);
        APIGatewayV2HTTPResponse response = http.send(event);
        long allocated = allocated(threads) - allocatedBefore;
        String body = response.getBody();
        System.gc();
        // the response itself is still referenced here: only what exceeds it counts as retained
        long retained = memory.getHeapMemoryUsage().getUsed() - before - (body == null ? 0 : body.length());
        return new Measured(response, allocated, Math.max(0, retained));
    }

    /** Bytes allocated by every live thread (the handler may hand work to another thread). */
    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long total = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, a);
        }
        return total;
    }
}
