package io.agentsafety.redaction;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import io.agentsafety.core.JsonText;
import io.agentsafety.core.observability.LogFields;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object per log line: {@code timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message},
 * {@code request_id}, {@code function}, {@code cold_start} (a boolean), the other MDC keys under {@code mdc} and the
 * stack trace as {@code error}. The invocation fields and {@code mdc} / {@code error} appear only when set. Message,
 * MDC and stack trace go through {@link LogRedaction} exactly as the text pattern's converters do ({@code request_id} and
 * {@code function} once per invocation while the redactor leaves them unchanged: {@link LastUnchangedText}).
 */
public class JsonLogLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIMESTAMP =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    /** The top-level fields, and Micronaut's copy of the request id (kept in the MDC for the audit trail). */
    private static final Set<String> NOT_IN_MDC = Set.of(LogFields.REQUEST_ID, LogFields.FUNCTION, LogFields.COLD_START,
        RedactingMdcConverter.FRAMEWORK_REQUEST_ID);

    // set once per invocation, repeated on each of its lines: redacted once per invocation while unchanged
    private final LastUnchangedText requestId = new LastUnchangedText();
    private final LastUnchangedText function = new LastUnchangedText();

    @Override
    public String doLayout(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        field(out, "timestamp", TIMESTAMP.format(event.getInstant()));
        out.append(',');
        field(out, "level", event.getLevel().toString());
        out.append(',');
        field(out, "logger", event.getLoggerName());
        out.append(',');
        field(out, "thread", event.getThreadName());
        out.append(',');
        field(out, "message", LogRedaction.redact(event.getFormattedMessage()));
        mdcField(out, mdc, LogFields.REQUEST_ID, requestId);
        mdcField(out, mdc, LogFields.FUNCTION, function);
        String coldStart = mdc.get(LogFields.COLD_START);
        if ("true".equals(coldStart) || "false".equals(coldStart)) {
            out.append(",\"").append(LogFields.COLD_START).append("\":").append(coldStart);
        }
        otherMdc(out, mdc);
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            out.append(',');
            field(out, "error", LogRedaction.redact(ThrowableProxyUtil.asString(throwable)));
        }
        return out.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
    }

    @Override
    public String getContentType() {
        return "application/json";
    }

    private static void mdcField(StringBuilder out, Map<String, String> mdc, String key, LastUnchangedText redaction) {
        String value = mdc.get(key);
        if (value != null) {
            out.append(',');
            field(out, key, redaction.redact(value));
        }
    }

    private static void otherMdc(StringBuilder out, Map<String, String> mdc) {
        boolean open = false;
        for (Map.Entry<String, String> e : mdc.entrySet()) {
            if (NOT_IN_MDC.contains(e.getKey())) {
                continue;
            }
            out.append(open ? "," : ",\"mdc\":{");
            open = true;
            // redacted as "key=value", as %mdc does: a label in the key ("password") decides about its value
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            String redacted = LogRedaction.redact(key + "=" + value);
            if (redacted.startsWith(key + "=")) {
                field(out, key, redacted.substring(key.length() + 1));
            } else {
                // the key itself was (part of) a finding: keep neither as written
                field(out, LogRedaction.redact(key), "[REDACTED]");
            }
        }
        if (open) {
            out.append('}');
        }
    }

    private static void field(StringBuilder out, String name, String value) {
        JsonText.append(out, name);
        out.append(':');
        JsonText.append(out, value);
    }
}
