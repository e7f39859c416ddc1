package io.agentsafety.local;

import io.agentsafety.core.OutboundText;
import io.agentsafety.core.TextScrubber;
import io.agentsafety.redaction.LogRedaction;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The runner's log on stderr (stdout stays clean for {@code invoke}'s result). One line per event. Every line,
 * the runner's own and each worker's relayed ones (redacted as one stream, {@link LogRelay}), goes through the redactor (the built-in table plus the
 * runner's sensitive environment values) and loses its control characters: request lines quote paths and
 * method names the caller chose, and a worker may print anything.
 */
public final class Log {

    /** What the runner's answers and log lines pass through; withholds a text whose redaction fails. */
    static final TextScrubber SCRUBBER = LogRedaction::redact;

    private static final PrintStream OUT = System.err;

    private Log() {
    }

    public static void info(String message) {
        OUT.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + clean(message));
    }

    /**
     * A line whose only caller-chosen part was scrubbed already (a request line from {@link OutboundText#requestLine}
     * with {@link #SCRUBBER}); the rest is the runner's own numbers and the template's names. Scrubbing the whole line
     * again cost a tenth of the runner's CPU per /check (infra/local BENCHMARK.md).
     */
    static void infoScrubbed(String message) {
        OUT.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + OutboundText.printable(message));
    }

    public static void warn(String message) {
        info("WARN " + message);
    }

    /** A line of a worker's stderr, under its function's name, already redacted with the rest of its stream ({@link LogRelay}). */
    static void relayRedacted(String logicalId, String line) {
        OUT.println("[" + logicalId + "] " + OutboundText.printable(line));
    }

    private static String clean(String text) {
        return OutboundText.printable(SCRUBBER.scrub(text));
    }
}
