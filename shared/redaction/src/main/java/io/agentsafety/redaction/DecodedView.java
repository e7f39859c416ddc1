package io.agentsafety.redaction;

import java.util.List;

/**
 * One decoded piece of a text (a base64 blob's content, a line with its escapes undone) and the way back:
 * a finding in the decoded text becomes a finding over the ORIGINAL characters that encode it, so the
 * encoded form is what gets redacted — the whole blob for base64 (its characters do not map one to one),
 * the exact escape sequences for URL/JSON/HTML escapes, each literal piece for a joined concatenation.
 */
final class DecodedView {

    private final String text;
    /** Per character of {@link #text}, the original span it came from; null: every character maps to [spanFrom, spanTo). */
    private final int[] from;
    private final int[] to;
    private final int spanFrom;
    private final int spanTo;
    private final String via;

    DecodedView(String text, int[] from, int[] to, int spanFrom, int spanTo, String via) {
        this.text = text;
        this.from = from;
        this.to = to;
        this.spanFrom = spanFrom;
        this.spanTo = spanTo;
        this.via = via;
    }

    /** A blob decoded as a whole (base64): any finding inside redacts all of original [s, e). */
    static DecodedView whole(String text, int s, int e, String via) {
        return new DecodedView(text, null, null, s, e, via);
    }

    String text() {
        return text;
    }

    String via() {
        return via;
    }

    /**
     * Adds the original spans covering view finding {@code f}: characters whose sources touch or overlap
     * coalesce into one span, a gap (the {@code " + "} between two literals) starts another.
     */
    void mapBack(Finding f, List<Finding> out) {
        String detector = viaName(f.detector(), via);
        if (from == null) {
            out.add(new Finding(f.kind(), spanFrom, spanTo, detector));
            return;
        }
        int s = -1;
        int e = -1;
        for (int i = f.start(); i < f.end(); i++) {
            if (s >= 0 && from[i] <= e) {
                e = Math.max(e, to[i]);
                continue;
            }
            if (s >= 0) {
                out.add(new Finding(f.kind(), s, e, detector));
            }
            s = from[i];
            e = to[i];
        }
        if (s >= 0) {
            out.add(new Finding(f.kind(), s, e, detector));
        }
    }

    /** {@code github-pat via base64}; nested layers outermost first: {@code password via url>base64}. */
    static String viaName(String detector, String via) {
        if (detector == null) {
            return null;
        }
        int k = detector.indexOf(VIA);
        return k < 0 ? detector + VIA + via : detector.substring(0, k) + VIA + via + ">" + detector.substring(k + VIA.length());
    }

    /** The detector a via-name started from (for row priority). */
    static String baseDetector(String detector) {
        int k = detector == null ? -1 : detector.indexOf(VIA);
        return k < 0 ? detector : detector.substring(0, k);
    }

    static final String VIA = " via ";
}
