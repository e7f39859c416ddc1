package io.agentsafety.redaction;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Caller-defined detectors ({@code {id?, kind, regex, keywords?}}) from configuration or a request,
 * compiled with RE2J like the built-in table. Errors name the field (never echo the regex, which
 * could itself contain a secret literal).
 */
public final class CustomPatterns {

    /** A field of a custom pattern is invalid; {@link #field()} is its full path. */
    public static final class InvalidPatternException extends IllegalArgumentException {
        private final String field;

        public InvalidPatternException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** One custom pattern as given (before compilation). */
    public record Spec(String id, String kind, String regex, List<String> keywords) {
        @Override
        public String toString() {
            return "CustomPattern[" + id + " -> " + kind + "]";
        }
    }

    private CustomPatterns() {
    }

    public static final int MAX_REGEX_LENGTH = 2000;

    /**
     * Upper bound on a pattern's compiled size ({@link RegexSize}, ~65 bytes of heap per unit): nested
     * counted repetitions multiply, so the text length alone does not bound the memory.
     */
    public static final int MAX_COMPILED_SIZE = 5000;

    /** The estimated compiled size of {@code regex}, the unit of {@link #MAX_COMPILED_SIZE}. */
    public static long compiledSize(String regex) {
        return RegexSize.estimate(regex);
    }

    /** Compiles {@code specs}; {@code path} prefixes field names, e.g. {@code custom_patterns}. */
    public static List<Detector> compile(List<Spec> specs, String path) {
        List<Detector> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            out.add(compile(specs.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    public static Detector compile(Spec spec, String path) {
        String kind = spec.kind();
        if (kind == null || !kind.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new InvalidPatternException(path + ".kind", "must be snake_case, 1-64 characters");
        }
        String regex = spec.regex();
        if (regex == null || regex.isEmpty()) {
            throw new InvalidPatternException(path + ".regex", "is required");
        }
        if (regex.length() > MAX_REGEX_LENGTH) {
            throw new InvalidPatternException(path + ".regex", "must be at most " + MAX_REGEX_LENGTH + " characters");
        }
        if (RegexSize.estimate(regex) > MAX_COMPILED_SIZE) {
            throw new InvalidPatternException(path + ".regex", "is too large once compiled (its repetition counts multiply"
                + " to more than " + MAX_COMPILED_SIZE + " instructions)");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidPatternException(path + ".regex", "is not a valid RE2 regular expression (" + describe(e) + ")");
        }
        if (pattern.matcher("").matches()) {
            throw new InvalidPatternException(path + ".regex", "must not match the empty string");
        }
        List<String> keywords = new ArrayList<>();
        if (spec.keywords() != null) {
            for (int k = 0; k < spec.keywords().size(); k++) {
                String kw = spec.keywords().get(k);
                if (kw == null || kw.isBlank()) {
                    throw new InvalidPatternException(path + ".keywords[" + k + "]", "must not be blank");
                }
                keywords.add(kw.toLowerCase(Locale.ROOT));
            }
        }
        String id = spec.id() == null || spec.id().isBlank() ? "custom:" + kind : "custom:" + spec.id();
        return new Detector(id, kind, keywords, List.of(), pattern, null, 0, 1, List.of(), List.of(), false,
            0, 0, 512, 4096);
    }

    /** The RE2 error code only ("missing closing )"), not the offending text. */
    private static String describe(PatternSyntaxException e) {
        String d = e.getDescription();
        int colon = d == null ? -1 : d.indexOf(':');
        return colon > 0 ? d.substring(0, colon) : String.valueOf(d);
    }
}
