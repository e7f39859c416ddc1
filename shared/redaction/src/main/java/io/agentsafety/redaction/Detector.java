package io.agentsafety.redaction;

import com.google.re2j.Pattern;

import java.util.List;

/**
 * One compiled detector row of the table. The regex runs (RE2J, linear time) only in windows around
 * occurrences of its keywords. The secret is the first participating group whose name starts with
 * {@code secret} (group 0 if there is none); {@code values}, when present, is applied inside that span
 * and each of its secret groups becomes a finding (e.g. every value of a Kubernetes {@code data:} block).
 */
public final class Detector {

    private final String id;
    private final String kind;
    private final List<String> keywords;
    private final List<String> requiresAny;
    private final Pattern pattern;
    private final int[] secretGroups;
    private final int keyGroup;
    private final Pattern values;
    private final int[] valueGroups;
    private final double minEntropy;
    private final int minLength;
    private final List<Pattern> allow;
    private final List<String> checks;
    private final boolean placeholderCheck;
    private final int linesBefore;
    private final int linesAfter;
    private final int maxBack;
    private final int maxForward;

    Detector(String id, String kind, List<String> keywords, List<String> requiresAny, Pattern pattern,
             Pattern values, double minEntropy, int minLength, List<Pattern> allow, List<String> checks,
             boolean placeholderCheck, int linesBefore, int linesAfter, int maxBack, int maxForward) {
        this.id = id;
        this.kind = kind;
        this.keywords = List.copyOf(keywords);
        this.requiresAny = List.copyOf(requiresAny);
        this.pattern = pattern;
        this.secretGroups = secretGroups(pattern);
        Integer key = pattern.namedGroups().get("key");
        this.keyGroup = key == null ? -1 : key;
        this.values = values;
        this.valueGroups = values == null ? new int[0] : secretGroups(values);
        this.minEntropy = minEntropy;
        this.minLength = minLength;
        this.allow = List.copyOf(allow);
        this.checks = List.copyOf(checks);
        this.placeholderCheck = placeholderCheck;
        this.linesBefore = linesBefore;
        this.linesAfter = linesAfter;
        this.maxBack = maxBack;
        this.maxForward = maxForward;
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
    Pattern pattern() { return pattern; }
    int[] secretGroups() { return secretGroups; }
    int keyGroup() { return keyGroup; }
    Pattern values() { return values; }
    int[] valueGroups() { return valueGroups; }
    double minEntropy() { return minEntropy; }
    int minLength() { return minLength; }
    List<Pattern> allow() { return allow; }
    List<String> checks() { return checks; }
    boolean placeholderCheck() { return placeholderCheck; }
    int linesBefore() { return linesBefore; }
    int linesAfter() { return linesAfter; }
    int maxBack() { return maxBack; }
    int maxForward() { return maxForward; }

    /** Always-on detectors (no keywords) scan the whole text: only allowed for caller-supplied patterns. */
    boolean alwaysOn() {
        return keywords.isEmpty();
    }

    @Override
    public String toString() {
        return "Detector[" + id + " -> " + kind + "]";
    }
}
