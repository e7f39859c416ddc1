package io.agentsafety.redaction;

import com.google.re2j.Pattern;

import java.util.List;

/**
 * One detector row of the table. The regex runs (RE2J, linear time) only in windows around
 * occurrences of its keywords. The secret is the first participating group whose name starts with
 * {@code secret} (group 0 if there is none); {@code values}, when present, is applied inside that span
 * and each of its secret groups becomes a finding (e.g. every value of a Kubernetes {@code data:} block).
 */
public final class Detector {

    private final String id;
    private final String kind;
    private final List<String> keywords;
    private final List<String> requiresAny;
    /** The regexes as written (compiled on first use for the built-in table, see {@link #compiled()}). */
    private final Source source;
    /**
     * The compiled regexes and what is read off them. Immutable with only final fields, so publishing it through a
     * plain field is safe (the String.hashCode idiom): a race compiles twice and keeps either, both equal.
     */
    private Compiled compiled;
    private final double minEntropy;
    private final int minLength;
    private final List<String> checks;
    private final boolean placeholderCheck;
    private final int linesBefore;
    private final int linesAfter;
    private final int maxBack;
    private final int maxForward;
    private final List<String> near;
    private final Anchor anchor;

    /** A row's regexes as text: the main one, the optional {@code values} one and the row's allow rows. */
    record Source(String regex, String values, List<String> allow) {
        Source {
            allow = List.copyOf(allow);
        }
    }

    /**
     * Everything a row needs from its compiled regexes. Building the built-in table used to compile ~320 main and
     * anchored regexes (~0.1 s of CPU on a cold JVM, paid by every function that redacts); compiled on the first
     * keyword hit instead, a row its text never reaches costs nothing.
     */
    private static final class Compiled {
        final Pattern pattern;
        final Pattern anchoredPattern;
        /** The anchored program for the backtracker (null for window rows, or where RE2J's program cannot be read). */
        final BitStateMatch anchoredBitState;
        /** A window row's program for the backtracker when every match starts with a literal (else null: the NFA). */
        final BitStateMatch windowBitState;
        final int[] secretGroups;
        final int keyGroup;
        final Pattern values;
        /** Literals one of which every match of {@link #pattern} / {@link #values} / each allow row holds (null: none known). */
        final RequiredLiterals required;
        final RequiredLiterals valuesRequired;
        final RequiredLiterals[] allowRequired;
        final int[] valueGroups;
        final List<Pattern> allow;

        Compiled(Pattern pattern, Pattern values, List<Pattern> allow, Anchor anchor) {
            this.pattern = pattern;
            // RE2J's lookingAt keeps stepping through the rest of its input after every thread died unless the regex
            // itself opens with \A; the anchored rows run at each keyword hit, so without it each failed attempt costs
            // its whole slice. Wrapping in a non-capturing group keeps the group numbers.
            this.anchoredPattern = anchor == Anchor.WINDOW ? pattern : Pattern.compile("\\A(?:" + pattern.pattern() + ")", pattern.flags());
            this.anchoredBitState = anchor == Anchor.WINDOW ? null : BitStateMatch.of(anchoredPattern);
            BitStateMatch window = anchor == Anchor.WINDOW ? BitStateMatch.of(pattern) : null;
            this.windowBitState = window != null && !window.prefix().isEmpty() ? window : null;
            this.secretGroups = secretGroups(pattern);
            Integer key = pattern.namedGroups().get("key");
            this.keyGroup = key == null ? -1 : key;
            this.required = RequiredLiterals.of(pattern);
            this.values = values;
            this.valuesRequired = RequiredLiterals.of(values);
            this.valueGroups = values == null ? new int[0] : secretGroups(values);
            this.allow = List.copyOf(allow);
            this.allowRequired = allow.stream().map(RequiredLiterals::of).toArray(RequiredLiterals[]::new);
        }
    }

    /**
     * How the regex is positioned at a keyword hit. {@code WINDOW}: searched in the window around the
     * hit. The others are tried once, anchored ({@code lookingAt}), from a start derived from the hit,
     * which costs O(match length) per hit instead of a search over the line: {@code TOKEN} at the
     * keyword (after one boundary character or a %XX escape), {@code KEY} at the start of the
     * identifier containing the keyword ({@code ASSIGN}: the same, tried only when a separator and a
     * value of at least 4 characters follow the identifier; {@code FLAG}: only when it starts with '-'), {@code SCHEME} at the start of the URL scheme before "://";
     * {@code LABEL} at the start of the identifier, with no precheck (the label's regex allows prose
     * separators such as "is", "->" or a space, and its checks demand a machine-generated value).
     */
    public enum Anchor { WINDOW, TOKEN, KEY, ASSIGN, FLAG, SCHEME, LABEL }

    Detector(String id, String kind, List<String> keywords, List<String> requiresAny, Pattern pattern,
             Pattern values, double minEntropy, int minLength, List<Pattern> allow, List<String> checks,
             boolean placeholderCheck, int linesBefore, int linesAfter, int maxBack, int maxForward) {
        this(id, kind, keywords, requiresAny, pattern, values, minEntropy, minLength, allow, checks, placeholderCheck,
            linesBefore, linesAfter, maxBack, maxForward, List.of());
    }

    Detector(String id, String kind, List<String> keywords, List<String> requiresAny, Pattern pattern,
             Pattern values, double minEntropy, int minLength, List<Pattern> allow, List<String> checks,
             boolean placeholderCheck, int linesBefore, int linesAfter, int maxBack, int maxForward, List<String> near) {
        this(id, kind, keywords, requiresAny, pattern, values, minEntropy, minLength, allow, checks, placeholderCheck,
            linesBefore, linesAfter, maxBack, maxForward, near, Anchor.WINDOW);
    }

    Detector(String id, String kind, List<String> keywords, List<String> requiresAny, Pattern pattern,
             Pattern values, double minEntropy, int minLength, List<Pattern> allow, List<String> checks,
             boolean placeholderCheck, int linesBefore, int linesAfter, int maxBack, int maxForward, List<String> near,
             Anchor anchor) {
        this(id, kind, keywords, requiresAny, new Source(pattern.pattern(), values == null ? null : values.pattern(),
                allow.stream().map(Pattern::pattern).toList()), minEntropy, minLength, checks, placeholderCheck,
            linesBefore, linesAfter, maxBack, maxForward, near, anchor);
        this.compiled = new Compiled(pattern, values, allow, anchor);
    }

    /**
     * A row whose regexes are compiled on first use (the built-in table, whose rows are all compiled by its tests).
     * Each regex must compile with {@link Pattern#compile(String)}; a bad one fails at its row's first keyword hit.
     */
    Detector(String id, String kind, List<String> keywords, List<String> requiresAny, Source source,
             double minEntropy, int minLength, List<String> checks, boolean placeholderCheck,
             int linesBefore, int linesAfter, int maxBack, int maxForward, List<String> near, Anchor anchor) {
        this.anchor = anchor;
        this.near = List.copyOf(near);
        this.id = id;
        this.kind = kind;
        this.keywords = List.copyOf(keywords);
        this.requiresAny = List.copyOf(requiresAny);
        this.source = source;
        this.minEntropy = minEntropy;
        this.minLength = minLength;
        this.checks = List.copyOf(checks);
        this.placeholderCheck = placeholderCheck;
        this.linesBefore = linesBefore;
        this.linesAfter = linesAfter;
        this.maxBack = maxBack;
        this.maxForward = maxForward;
    }

    /** The compiled regexes: one plain field read once compiled. */
    private Compiled compiled() {
        Compiled c = compiled;
        if (c == null) {
            c = new Compiled(Pattern.compile(source.regex()), source.values() == null ? null : Pattern.compile(source.values()),
                source.allow().stream().map(Pattern::compile).toList(), anchor);
            compiled = c;
        }
        return c;
    }

    /** Compiles the row now (tests, or a caller that wants the cost up front). */
    Detector compile() {
        compiled();
        return this;
    }

    private static int[] secretGroups(Pattern p) {
        return p.namedGroups().entrySet().stream()
            .filter(e -> e.getKey().startsWith("secret"))
            .sorted(java.util.Map.Entry.comparingByKey())
            .mapToInt(java.util.Map.Entry::getValue)
            .toArray();
    }

    public String id() { return id; }
    public String kind() { return kind; }
    public List<String> keywords() { return keywords; }
    List<String> requiresAny() { return requiresAny; }
    Pattern pattern() { return compiled().pattern; }
    /** The regex for an attempt at one position (anchored rows): {@link #pattern()} opening with \A. */
    Pattern anchoredPattern() { return compiled().anchoredPattern; }
    BitStateMatch anchoredBitState() { return compiled().anchoredBitState; }
    BitStateMatch windowBitState() { return compiled().windowBitState; }
    int[] secretGroups() { return compiled().secretGroups; }
    int keyGroup() { return compiled().keyGroup; }
    Pattern values() { return compiled().values; }
    int[] valueGroups() { return compiled().valueGroups; }
    double minEntropy() { return minEntropy; }
    int minLength() { return minLength; }
    List<Pattern> allow() { return compiled().allow; }
    RequiredLiterals required() { return compiled().required; }
    RequiredLiterals valuesRequired() { return compiled().valuesRequired; }
    RequiredLiterals allowRequired(int i) { return compiled().allowRequired[i]; }
    List<String> checks() { return checks; }
    boolean placeholderCheck() { return placeholderCheck; }
    int linesBefore() { return linesBefore; }
    int linesAfter() { return linesAfter; }
    int maxBack() { return maxBack; }
    int maxForward() { return maxForward; }
    /** Literals of which one must occur in a window before the regex runs there (cheap extra prefilter). */
    List<String> near() { return near; }
    Anchor anchor() { return anchor; }

    /** Always-on detectors (no keywords) scan the whole text: only allowed for caller-supplied patterns. */
    boolean alwaysOn() {
        return keywords.isEmpty();
    }

    @Override
    public String toString() {
        return "Detector[" + id + " -> " + kind + "]";
    }
}
