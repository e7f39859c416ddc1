package io.agentsafety.redaction;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logs real-looking secrets through Logback configured by the shipped LogConfigurator (redacting
 * converters) and reads what the appender wrote.
 */
class LogbackRedactionTest {

    private static final String GITHUB = "ghp_" + "k3Jd8QmZ2xV7pL0aR5tN9cW4yB6eH1sU3fGo";
    private static final String AWS_ID = "AKIA" + "Q3XZ7KD2LMNP4RT6";
    private static final String AWS_SECRET = "wJ8fK2mQ9xZ4vB7nL1pR6tY3hD5sG0aC2eU8iO4k";

    @Test
    void messagesArgumentsMdcAndStackTracesAreRedacted() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        // the conversion words are those LogConfigurator (and logback-base.xml for XML files) redefines; the encoder
        // resolves them through the context's rule registry filled when the shipped configuration ran
        encoder.setPattern("%level %mdc %msg%n%ex");
        encoder.start();
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(sink);
        appender.start();
        Logger logger = context.getLogger("redaction-test");
        logger.addAppender(appender);
        logger.setAdditive(false);
        try {
            MDC.put("auth", "Bearer " + GITHUB);
            logger.info("cloning with token {}", GITHUB);
            logger.warn("aws creds: aws_access_key_id={} aws_secret_access_key={}", AWS_ID, AWS_SECRET);
            logger.error("request failed", new IllegalStateException("bad credential password=" + AWS_SECRET));
        } finally {
            MDC.clear();
            logger.detachAppender(appender);
            appender.stop();
        }
        String out = sink.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains(GITHUB), out);
        assertFalse(out.contains(AWS_ID), out);
        assertFalse(out.contains(AWS_SECRET), out);
        assertTrue(out.contains("cloning with token [REDACTED:github_classic_pat]"), out);
        assertTrue(out.contains("java.lang.IllegalStateException"), out);
        assertTrue(out.contains("at io.agentsafety.redaction.LogbackRedactionTest"), out);
    }
}
