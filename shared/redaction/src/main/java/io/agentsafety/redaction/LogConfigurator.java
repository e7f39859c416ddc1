package io.agentsafety.redaction;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every function's logging, configured in code (found by Logback's and Micronaut's {@code ServiceLoader} lookup of
 * {@link Configurator}): one console appender whose layout is {@link LogLayout} (JSON lines when {@code LOG_FORMAT},
 * else {@code AWS_LAMBDA_LOG_FORMAT}, says {@code json}; the text pattern otherwise), root level {@code LOG_LEVEL}
 * (default INFO), and the redacting converters for {@code %msg}, {@code %mdc} and {@code %ex} (and their aliases)
 * registered for any pattern. In code rather than a {@code logback.xml} because reading XML (Joran) loaded about 500
 * classes on every cold start. A {@code logback-test.xml} on the class path or {@code -Dlogback.configurationFile}
 * still wins (tests and operators keep XML; such files include {@code logback-base.xml} for the converters).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level [%thread] %logger{36} %mdc - %msg%n%ex";

    /** The conversion words redefined, as logback-base.xml does for XML configurations. */
    static final Map<String, Supplier<DynamicConverter<?>>> CONVERTERS = Map.of(
        "msg", RedactingMessageConverter::new, "m", RedactingMessageConverter::new, "message", RedactingMessageConverter::new,
        "mdc", RedactingMdcConverter::new, "X", RedactingMdcConverter::new,
        "ex", RedactingThrowableConverter::new, "xEx", RedactingThrowableConverter::new,
        "exception", RedactingThrowableConverter::new, "throwable", RedactingThrowableConverter::new);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
            ? Thread.currentThread().getContextClassLoader() : LogConfigurator.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        registerConverters(context);
        LogRedaction.buildInBackground();
        LogLayout layout = new LogLayout();
        layout.setContext(context);
        layout.setFormat(setting("LOG_FORMAT", setting("AWS_LAMBDA_LOG_FORMAT", "text")));
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setName("STDOUT");
        console.setContext(context);
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting("LOG_LEVEL", "INFO"), Level.INFO));
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Adds the redacting converters to the context's registry, which every pattern layout of the context consults. */
    @SuppressWarnings("unchecked")
    static void registerConverters(LoggerContext context) {
        Map<String, Supplier<DynamicConverter<?>>> registry =
            (Map<String, Supplier<DynamicConverter<?>>>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (registry == null) {
            registry = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, registry);
        }
        registry.putAll(CONVERTERS);
    }

    /** A system property, else an environment variable (the order of Logback's own {@code ${NAME}} lookup), else the default. */
    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
