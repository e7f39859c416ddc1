package io.agentsafety.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Assembles a {@link Redactor}: the detector table, configured custom patterns and process secrets. */
public final class RedactorBuilder {

    /** Environment variable names whose values are secrets (glob, case-insensitive). */
    public static final List<String> DEFAULT_SENSITIVE_ENV_NAMES = List.of(
        "*_KEY", "*_SECRET", "*_SECRETS", "*_TOKEN", "*PASSWORD*", "*PASSWD*", "*_PAT", "*_CREDENTIALS",
        "*_API_KEY", "*_SECRET_*", "*_TOKEN_*", "*_PRIVATE_KEY*", "*_DSN", "*_AUTH", "*_SESSION_TOKEN");

    private DetectorTable table = DetectorTable.builtIn();
    private final List<Detector> extra = new ArrayList<>();
    private final List<SecretValues.Literal> literals = new ArrayList<>();
    private int minRequestSecretLength = 4;

    RedactorBuilder() {
    }

    public RedactorBuilder table(DetectorTable table) {
        this.table = table;
        return this;
    }

    public RedactorBuilder addDetector(Detector detector) {
        extra.add(detector);
        return this;
    }

    /** Secrets given by the caller, e.g. per request; shorter values are ignored. */
    public RedactorBuilder minRequestSecretLength(int length) {
        this.minRequestSecretLength = length;
        return this;
    }

    /**
     * Adds the values of the environment variables whose names match one of {@code nameGlobs}
     * ({@code *} wildcard, case-insensitive) and whose values have at least {@code minLength} characters.
     */
    public RedactorBuilder environmentSecrets(Map<String, String> environment, List<String> nameGlobs, int minLength) {
        List<com.google.re2j.Pattern> globs = nameGlobs.stream().map(RedactorBuilder::glob).toList();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String value = e.getValue();
            if (value == null || value.length() < minLength || value.isBlank()) {
                continue;
            }
            String name = e.getKey().toUpperCase(Locale.ROOT);
            if (globs.stream().anyMatch(g -> g.matches(name))) {
                literals.addAll(SecretValues.forms(value, Redactor.ENV_KIND, "env:" + e.getKey()));
            }
        }
        return this;
    }

    static com.google.re2j.Pattern glob(String glob) {
        List<String> parts = new ArrayList<>();
        for (String part : glob.toUpperCase(Locale.ROOT).split("\\*", -1)) {
            parts.add(com.google.re2j.Pattern.quote(part));
        }
        return com.google.re2j.Pattern.compile(String.join(".*", parts));
    }

    public Redactor build() {
        List<Detector> all = new ArrayList<>(table.detectors());
        all.addAll(extra);
        return new Redactor(all, table.globalAllow(), literals, minRequestSecretLength);
    }
}
