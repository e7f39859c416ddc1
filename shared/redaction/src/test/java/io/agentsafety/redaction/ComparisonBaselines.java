package io.agentsafety.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * The two reference points the benchmarks report puts next to the engine (issue 16): the same detector patterns run
 * the plain way, each compiled with {@code java.util.regex} and searched over the whole text with a {@code find()}
 * loop (no prefilter, no windows), and the engine's keyword prefilter alone (its Aho-Corasick pass over the text,
 * nothing after it). Public for the JMH bench in the {@code bench} package.
 */
public final class ComparisonBaselines {

    private ComparisonBaselines() {
    }

    /** Every row's regex as {@code java.util.regex} compiles it, and the rows whose RE2J syntax it rejects. */
    public record PlainPatterns(List<java.util.regex.Pattern> patterns, List<String> skipped) {

        /** The number of matches of every pattern over the whole text (a {@code find()} loop per pattern). */
        public int scan(CharSequence text) {
            int found = 0;
            for (java.util.regex.Pattern p : patterns) {
                java.util.regex.Matcher m = p.matcher(text);
                while (m.find()) {
                    found++;
                }
            }
            return found;
        }
    }

    /**
     * The built-in rows in {@code java.util.regex}: RE2J's {@code (?P<name>} groups become {@code (?<name>}, the
     * only syntax difference the table's regexes need; a row that still does not compile is skipped and named.
     */
    public static PlainPatterns plainPatterns() {
        List<java.util.regex.Pattern> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Detector d : DetectorTable.builtIn().detectors()) {
            String regex = d.pattern().pattern().replace("(?P<", "(?<");
            try {
                out.add(java.util.regex.Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                skipped.add(d.id() + ": " + e.getDescription());
            }
        }
        return new PlainPatterns(List.copyOf(out), List.copyOf(skipped));
    }

    /** The engine's keyword prefilter alone: one pass of the redactor's own automaton, counting the keyword hits. */
    public static int prefilterOnly(Redactor redactor, CharSequence text) {
        int[] hits = {0};
        redactor.keywordAutomaton().scan(text, 0, text.length(), (kw, s, e) -> hits[0]++);
        return hits[0];
    }

    public static void main(String[] args) {
        PlainPatterns plain = plainPatterns();
        System.out.println("java.util.regex: " + plain.patterns().size() + " rows compiled, " + plain.skipped().size() + " skipped");
        plain.skipped().forEach(s -> System.out.println("  skipped " + s));
    }
}
