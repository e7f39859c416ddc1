package io.agentsafety.redaction;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.MDCAdapter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configures a fresh Logback context with the shipped configuration (LogConfigurator) with {@code LOG_FORMAT} set (as Lambda's
 * {@code AWS_LAMBDA_LOG_FORMAT} would be), logs through the real console appender's encoder into a buffer and parses
 * every line.
 */
class JsonLogLayoutTest {

    private static final String GITHUB = "ghp_" + "k3Jd8QmZ2xV7pL0aR5tN9cW4yB6eH1sU3fGo";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    /** The fresh context's own MDC (Logback 1.5 keeps one per context; {@code org.slf4j.MDC} is the global one's). */
    private MDCAdapter mdc;

    @AfterEach
    void clear() {
        System.clearProperty("LOG_FORMAT");
    }

    /** The shipped configuration read with {@code LOG_FORMAT=format}; its STDOUT encoder writes into {@code sink}. */
    private Logger configured(String format, ByteArrayOutputStream sink) {
        System.setProperty("LOG_FORMAT", format);
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);
        configurator.configure(context);
        context.start();
        mdc = context.getMDCAdapter();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender("STDOUT");
        Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) console).getEncoder();
        OutputStreamAppender<ILoggingEvent> buffer = new OutputStreamAppender<>();
        buffer.setContext(context);
        buffer.setEncoder(encoder);
        buffer.setOutputStream(sink);
        buffer.start();
        root.detachAppender(console);
        root.addAppender(buffer);
        return context.getLogger("io.agentsafety.test.Json");
    }

    private static List<JsonNode> lines(ByteArrayOutputStream sink) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sink.toString(StandardCharsets.UTF_8).split("\n")) {
            out.add(JSON.readValue(line, JsonNode.class));
        }
        return out;
    }

    @Test
    void everyLineIsOneJsonObjectWithTheInvocationFields() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Logger log = configured("JSON", sink);
        mdc.put("request_id", "8f6c2a4e-1b7d-4c3a-9e5f-0a1b2c3d4e5f");
        mdc.put("function", "safety-redact");
        mdc.put("cold_start", "true");
        mdc.put("AWSRequestId", "8f6c2a4e-1b7d-4c3a-9e5f-0a1b2c3d4e5f");
        mdc.put("AWS-XRAY-TRACE-ID", "1-5759e988-bd862e3fe1be46a994272793");
        log.info("decision {} for \"{}\"\nsecond line", "deny", "tab\there");
        mdc.put("cold_start", "false");
        log.warn("plain");
        mdc.clear();
        log.info("outside an invocation");

        String raw = sink.toString(StandardCharsets.UTF_8);
        assertEquals(3, raw.split("\n").length, raw);
        List<JsonNode> lines = lines(sink);
        JsonNode first = lines.get(0);
        assertTrue(first.get("timestamp").getStringValue().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), raw);
        assertEquals("INFO", first.get("level").getStringValue());
        assertEquals("io.agentsafety.test.Json", first.get("logger").getStringValue());
        assertEquals(Thread.currentThread().getName(), first.get("thread").getStringValue());
        assertEquals("decision deny for \"tab\there\"\nsecond line", first.get("message").getStringValue());
        assertEquals("8f6c2a4e-1b7d-4c3a-9e5f-0a1b2c3d4e5f", first.get("request_id").getStringValue());
        assertEquals("safety-redact", first.get("function").getStringValue());
        assertTrue(first.get("cold_start").isBoolean());
        assertTrue(first.get("cold_start").getBooleanValue());
        // the other MDC keys under mdc; Micronaut's duplicate of request_id is not repeated
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", first.get("mdc").get("AWS-XRAY-TRACE-ID").getStringValue());
        assertNull(first.get("mdc").get("AWSRequestId"));
        assertNull(first.get("mdc").get("request_id"));
        assertNull(first.get("error"));

        assertEquals("WARN", lines.get(1).get("level").getStringValue());
        assertFalse(lines.get(1).get("cold_start").getBooleanValue());

        JsonNode outside = lines.get(2);
        assertNull(outside.get("request_id"));
        assertNull(outside.get("cold_start"));
        assertNull(outside.get("mdc"));
    }

    @Test
    void aSecretInTheMessageMdcOrExceptionNeverReachesTheJsonLine() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Logger log = configured("json", sink);
        mdc.put("request_id", "r-1");
        mdc.put("auth", "Bearer " + GITHUB);
        mdc.put("password", "Tr0ub4dor#3x-Qz9");
        log.info("cloning with token {}", GITHUB);
        log.error("request failed", new IllegalStateException("bad credential " + GITHUB));

        String raw = sink.toString(StandardCharsets.UTF_8);
        assertFalse(raw.contains(GITHUB), raw);
        assertFalse(raw.contains("Tr0ub4dor#3x-Qz9"), raw);
        List<JsonNode> lines = lines(sink);
        assertEquals("cloning with token [REDACTED:github_classic_pat]", lines.get(0).get("message").getStringValue());
        assertEquals("Bearer [REDACTED:github_classic_pat]", lines.get(0).get("mdc").get("auth").getStringValue());
        assertTrue(lines.get(0).get("mdc").get("password").getStringValue().startsWith("[REDACTED"), raw);
        String error = lines.get(1).get("error").getStringValue();
        assertTrue(error.startsWith("java.lang.IllegalStateException: bad credential [REDACTED:github_classic_pat]"), error);
        assertTrue(error.contains("at io.agentsafety.redaction.JsonLogLayoutTest"), error);
    }

    @Test
    void anyOtherFormatKeepsTheTextPattern() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Logger log = configured("text", sink);
        mdc.put("request_id", "r-2");
        log.info("token {}", GITHUB);
        String raw = sink.toString(StandardCharsets.UTF_8);
        assertTrue(raw.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[[^\\]]+\\] io\\.agentsafety\\.test\\.Json request_id=r-2 - token "
            + "\\[REDACTED:github_classic_pat\\]\\R"), raw);
    }

    @Test
    void jsonStringsEscapeControlAndLineSeparatorCharacters() {
        StringBuilder out = new StringBuilder();
        io.agentsafety.core.JsonText.append(out, "a\"b\\c\u0001\u2028");
        assertEquals("\"a\\\"b\\\\c\\u0001\\u2028\"", out.toString());
    }
}
