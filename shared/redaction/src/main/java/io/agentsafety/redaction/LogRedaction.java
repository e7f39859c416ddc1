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

    public static void install(Redactor configured) {
        redactor = configured;
    }

    /** Redacts one log fragment; on any internal failure the fragment is withheld, never passed raw. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        try {
            return redactor().redactToString(text);
        } catch (RuntimeException | StackOverflowError e) {
            return "[REDACTION FAILED: " + text.length() + " characters withheld]";
        }
    }
}
