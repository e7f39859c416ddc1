package io.agentsafety.functions.redact;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.agentsafety.core.observability.LogFields;
import io.agentsafety.redaction.JsonLogLayout;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The invocation fields every log line of an invocation carries (request id, function name, cold start), set by the
 * shared {@code InvocationMdc} hook for both handler types this function ships: the direct-invoke
 * {@link RedactFunction} and the API Gateway v2 proxy handler. The MDC is the invoking thread's, so it still holds
 * what the invocation set when {@code handleRequest} returns.
 */
class InvocationMdcTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    @BeforeEach
    void clear() {
        MDC.clear();
    }

    @Test
    void directInvokesCarryRequestIdFunctionAndColdStartThenWarm() throws Exception {
        try (RedactFunction function = new RedactFunction()) {
            TestLambdaContext first = new TestLambdaContext("safety-redact-direct");
            function.handleRequest(JSON.readValue("{\"text\":\"hello\"}", JsonNode.class), first);
            assertEquals(first.getAwsRequestId(), MDC.get(LogFields.REQUEST_ID));
            assertEquals("safety-redact-direct", MDC.get(LogFields.FUNCTION));
            assertEquals("true", MDC.get(LogFields.COLD_START));
            // of the framework's own keys only the request id stays (the audit trail reads it)
            assertEquals(first.getAwsRequestId(), MDC.get("AWSRequestId"));
            assertNull(MDC.get("AWSFunctionRemainingTime"));
            assertNull(MDC.get("AWSFunctionName"));

            TestLambdaContext second = new TestLambdaContext("safety-redact-direct");
            function.handleRequest(JSON.readValue("{\"text\":\"again\"}", JsonNode.class), second);
            assertEquals(second.getAwsRequestId(), MDC.get(LogFields.REQUEST_ID));
            assertEquals("false", MDC.get(LogFields.COLD_START));

            // a JSON log line written during the invocation carries them as top-level fields
            JsonNode line = JSON.readValue(jsonLine("decision logged"), JsonNode.class);
            assertEquals(second.getAwsRequestId(), line.get("request_id").getStringValue());
            assertEquals("safety-redact-direct", line.get("function").getStringValue());
            assertEquals(false, line.get("cold_start").getBooleanValue());
            assertEquals("decision logged", line.get("message").getStringValue());
        }
    }

    @Test
    void apiGatewayInvokesCarryThemToo() {
        try (LambdaHttp http = new LambdaHttp("safety-redact")) {
            assertEquals(200, http.send(ApiEvents.postJson("/api/v1/safety/redact", "{\"text\":\"hello\"}")).getStatusCode());
            String firstId = MDC.get(LogFields.REQUEST_ID);
            assertTrue(firstId != null && firstId.matches("[0-9a-f-]{36}"), firstId);
            assertEquals("safety-redact", MDC.get(LogFields.FUNCTION));
            assertEquals("true", MDC.get(LogFields.COLD_START));

            assertEquals(200, http.send(ApiEvents.postJson("/api/v1/safety/redact", "{\"text\":\"again\"}")).getStatusCode());
            assertNotEquals(firstId, MDC.get(LogFields.REQUEST_ID));
            assertEquals("false", MDC.get(LogFields.COLD_START));
        }
    }

    /** One line through {@link JsonLogLayout} on the process's Logback context, with the current MDC. */
    private static String jsonLine(String message) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLogLayout layout = new JsonLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(sink);
        appender.start();
        Logger logger = context.getLogger("invocation-mdc-test");
        logger.setAdditive(false);
        logger.addAppender(appender);
        try {
            logger.info(message);
        } finally {
            logger.detachAppender(appender);
            appender.stop();
        }
        return sink.toString(StandardCharsets.UTF_8).trim();
    }
}
