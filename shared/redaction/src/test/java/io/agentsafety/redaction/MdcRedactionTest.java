package io.agentsafety.redaction;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.MDCAdapter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code %mdc}: the framework's duplicate of the request id is not rendered, everything else is rendered as Logback
 * renders it, and a secret in the MDC is redacted on every line although the MDC's text is remembered between lines
 * while it has none.
 */
class MdcRedactionTest {

    private static final String GITHUB = "ghp_" + "k3Jd8QmZ2xV7pL0aR5tN9cW4yB6eH1sU3fGo";
    private static final String REQUEST_ID = "8f6c2a4e-1b7d-4c3a-9e5f-0a1b2c3d4e5f";

    private MDCAdapter mdc;

    /** A fresh context with the shipped converters and the pattern {@code %mdc|%msg%n} into {@code sink}. */
    private Logger logger(ByteArrayOutputStream sink) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        LogConfigurator.registerConverters(context);
        context.start();
        mdc = context.getMDCAdapter();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%mdc|%msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(sink);
        appender.start();
        Logger logger = context.getLogger("mdc-test");
        logger.addAppender(appender);
        logger.setAdditive(false);
        return logger;
    }

    /** The rendered MDC entries of a line {@code %mdc|%msg}. */
    private static Set<String> entries(String line) {
        return Set.of(line.split("\\|")[0].split(", "));
    }

    private static List<String> lines(ByteArrayOutputStream sink) {
        return List.of(sink.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void theFrameworksCopyOfTheRequestIdIsRenderedOnlyWhenItDiffers() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Logger log = logger(sink);
        mdc.put("AWSRequestId", REQUEST_ID);
        mdc.put("request_id", REQUEST_ID);
        mdc.put("function", "PolicyCheckFunction");
        mdc.put("cold_start", "false");
        log.info("one");
        log.info("two");
        mdc.put("AWSRequestId", "another-id");
        log.info("three");
        mdc.clear();
        log.info("outside");

        List<String> lines = lines(sink);
        Set<String> expected = Set.of("request_id=" + REQUEST_ID, "function=PolicyCheckFunction", "cold_start=false");
        assertEquals(expected, entries(lines.get(0)), lines.get(0));
        assertTrue(lines.get(0).endsWith("|one"), lines.get(0));
        assertEquals(lines.get(0).replace("one", "two"), lines.get(1));
        assertTrue(lines.get(2).contains("AWSRequestId=another-id"), lines.get(2));
        assertTrue(lines.get(2).contains("request_id=" + REQUEST_ID), lines.get(2));
        assertEquals("|outside", lines.get(3));
    }

    @Test
    void withoutTheDuplicateTheTextIsLogbacksOwn() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("request_id", "r-1");
        map.put("function", "f");
        map.put("AWS-XRAY-TRACE-ID", "1-5759e988-bd862e3fe1be46a994272793");
        assertEquals(mdcText(map), RedactingMdcConverter.render(map));
        map.put("AWSRequestId", "r-1");
        Map<String, String> shown = new LinkedHashMap<>(map);
        shown.remove("AWSRequestId");
        assertEquals(mdcText(shown), RedactingMdcConverter.render(map));
    }

    @Test
    void aSecretInTheMdcIsRedactedOnEveryLine() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Logger log = logger(sink);
        mdc.put("request_id", REQUEST_ID);
        log.info("clean first");
        mdc.put("auth", "Bearer " + GITHUB);
        for (int i = 0; i < 3; i++) {
            log.info("line {}", i);
        }
        mdc.remove("auth");
        log.info("clean again");
        mdc.put("auth", "Bearer " + GITHUB);
        log.info("secret again");

        String raw = sink.toString(StandardCharsets.UTF_8);
        assertFalse(raw.contains(GITHUB), raw);
        List<String> lines = lines(sink);
        assertEquals(6, lines.size(), raw);
        for (int i : new int[] {1, 2, 3, 5}) {
            assertTrue(lines.get(i).contains("[REDACTED:github_classic_pat]"), lines.get(i));
        }
        assertEquals("request_id=" + REQUEST_ID + "|clean again", lines.get(4));
    }

    @Test
    void aRememberedTextIsRedactedAgainByANewlyInstalledRedactor() {
        String value = "Zq7vLm2Rk9Tx4Wb8";  // no detector's shape: unchanged by the built-in table
        LastUnchangedText memo = new LastUnchangedText();
        Redactor before = LogRedaction.redactor();
        try {
            assertEquals("id=" + value, memo.redact("id=" + value));
            assertEquals("id=" + value, memo.redact("id=" + value));
            LogRedaction.install(Redactor.builder()
                .environmentSecrets(Map.of("SERVICE_TOKEN", value), RedactorBuilder.DEFAULT_SENSITIVE_ENV_NAMES, 8).build());
            String redacted = memo.redact("id=" + value);
            assertFalse(redacted.contains(value), redacted);
            assertEquals(redacted, memo.redact("id=" + value));
        } finally {
            LogRedaction.install(before);
        }
    }

    /** Logback's own rendering of every key ({@code MDCConverter} without a key). */
    private static String mdcText(Map<String, String> map) {
        MDCConverter converter = new MDCConverter();
        converter.start();
        LoggingEvent event = new LoggingEvent();
        event.setMDCPropertyMap(map);
        return converter.convert(event);
    }
}
