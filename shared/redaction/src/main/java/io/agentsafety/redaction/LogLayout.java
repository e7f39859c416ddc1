package io.agentsafety.redaction;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;

/**
 * The layout LogConfigurator installs: {@link JsonLogLayout} when {@code format} is {@code json} (any case; the configurator passes
 * {@code LOG_FORMAT}, else {@code AWS_LAMBDA_LOG_FORMAT}, which Lambda sets to {@code JSON} under the template's
 * {@code LoggingConfig: LogFormat: JSON}), otherwise the text {@code pattern} with the redacting conversion words of
 * LogConfigurator (the local runner and tests).
 */
public class LogLayout extends LayoutBase<ILoggingEvent> {

    private String format = "text";
    private String pattern;
    private Layout<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public boolean isJson() {
        return format != null && format.trim().equalsIgnoreCase("json");
    }

    @Override
    public void start() {
        if (isJson()) {
            delegate = new JsonLogLayout();
        } else {
            if (pattern == null) {
                addError("no pattern for the text log format");
                return;
            }
            PatternLayout text = new PatternLayout();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return delegate.doLayout(event);
    }

    @Override
    public String getContentType() {
        return delegate == null ? super.getContentType() : delegate.getContentType();
    }
}
