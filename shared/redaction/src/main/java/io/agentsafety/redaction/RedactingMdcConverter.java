package io.agentsafety.redaction;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %mdc} with secrets removed (request headers and ids sometimes land in the MDC). */
public class RedactingMdcConverter extends MDCConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogRedaction.redact(super.convert(event));
    }
}
