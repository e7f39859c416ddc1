package io.agentsafety.redaction;

/**
 * The redactor Logback converters use. Logback instantiates converters itself (no injection), so this
 * is a process-wide holder: the built-in table plus the process's sensitive environment values,
 * replaced by the application's configured {@link Redactor} once it exists.
 */
public final class LogRedaction {

    private static volatile Redactor redactor;

    private LogRedaction() {
    }

    public static Redactor redactor() {
        Redactor r = redactor;
        if (r == null) {
            synchronized (LogRedaction.class) {
                r = redactor;
                if (r == null) {
                    r = Redactor.builder()
                        .environmentSecrets(System.getenv(), RedactorBuilder.DEFAULT_SENSITIVE_ENV_NAMES, 8)
                        .build();
                    redactor = r;
                }
            }
        }
        return r;
    }

    /**
     * Starts building the log redactor (the built-in table and its automaton: about a fifth of a function's cold start)
     * on a second thread, so that it overlaps the framework's start instead of stalling the first log line, which then
     * waits only for what is left of it. A failure here is left to that first line, which handles it as before.
     */
    static void buildInBackground() {
        Thread builder = new Thread(() -> {
            try {
                redactor();
            } catch (RuntimeException | Error e) {
                // the first log line builds it again and withholds its text if that fails too
            }
        }, "log-redactor-build");
        builder.setDaemon(true);
        builder.start();
    }

    /** Synchronized with {@link #redactor()}: a build still running must not replace the configured redactor after this. */
    public static synchronized void install(Redactor configured) {
        redactor = configured;
    }

    /** Redacts one log fragment; on any internal failure the fragment is withheld, never passed raw. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        try {
            return redact(redactor(), text);
        } catch (RuntimeException | StackOverflowError e) {
            return withheld(text);
        }
    }

    /** {@link #redact(String)} with the redactor already looked up; on any internal failure the fragment is withheld. */
    static String redact(Redactor redactor, String text) {
        try {
            return redactor.redactToString(text);
        } catch (RuntimeException | StackOverflowError e) {
            return withheld(text);
        }
    }

    private static String withheld(String text) {
        return "[REDACTION FAILED: " + text.length() + " characters withheld]";
    }
}
