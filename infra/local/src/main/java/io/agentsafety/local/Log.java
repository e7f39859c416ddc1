package io.agentsafety.local;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The runner's log on stderr (stdout stays clean for {@code invoke}'s result). One line per event. */
public final class Log {

    private static final PrintStream OUT = System.err;

    private Log() {
    }

    public static void info(String message) {
        OUT.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message);
    }

    public static void warn(String message) {
        info("WARN " + message);
    }
}
