package io.agentsafety.redaction;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.agentsafety.core.observability.LogFields;

import java.util.Map;

/**
 * {@code %mdc} with secrets removed (request headers and ids sometimes land in the MDC). {@code %mdc} without a key
 * renders every entry as {@code key=value, key=value} (Logback's format) except Micronaut's {@code AWSRequestId} when
 * it repeats {@code request_id} (it stays in the MDC for the audit trail; a different value is still rendered). The
 * rendered text is set once per invocation and repeated on each of its lines, so the last text the redactor left
 * unchanged is remembered ({@link LastUnchangedText}); a text with a finding is redacted on every line.
 */
public class RedactingMdcConverter extends MDCConverter {

    /** Micronaut's copy of the request id (its {@code DiagnosticInfoPopulator}'s key). */
    static final String FRAMEWORK_REQUEST_ID = "AWSRequestId";

    private final LastUnchangedText lastUnchanged = new LastUnchangedText();
    private boolean allKeys;

    @Override
    public void start() {
        allKeys = getFirstOption() == null;
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        if (!allKeys) {
            return LogRedaction.redact(super.convert(event));
        }
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return "";
        }
        return lastUnchanged.redact(render(mdc));
    }

    static String render(Map<String, String> mdc) {
        String requestId = mdc.get(LogFields.REQUEST_ID);
        StringBuilder out = new StringBuilder(96);
        for (Map.Entry<String, String> e : mdc.entrySet()) {
            if (requestId != null && FRAMEWORK_REQUEST_ID.equals(e.getKey()) && requestId.equals(e.getValue())) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(e.getKey()).append('=').append(e.getValue());
        }
        return out.toString();
    }
}
