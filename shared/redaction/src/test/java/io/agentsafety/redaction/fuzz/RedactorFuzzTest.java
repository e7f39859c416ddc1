package io.agentsafety.redaction.fuzz;

import io.agentsafety.testing.fuzz.FuzzBounds;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentsafety.redaction.Finding;
import io.agentsafety.redaction.RedactionOptions;
import io.agentsafety.redaction.RedactionResult;
import io.agentsafety.redaction.Redactor;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-shot redaction of any text: no exception, within the time bound, and the output is exactly the input with
 * each (sorted, disjoint) finding replaced by its marker, so it is never longer than the input plus one longest
 * marker per finding. Redacting the output again (markers made neutral) finds no kind the first pass did not. A
 * known value (a piece of the input passed as {@code extra_secrets}) is gone from every stretch of output between
 * markers.
 */
class RedactorFuzzTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final int LONGEST_MARKER = longestMarker();
    private static final Pattern MARKER = Pattern.compile("\\[REDACTED:[A-Za-z0-9_.-]+]");

    @FuzzTest(maxDuration = "10s")
    @Timeout(FuzzBounds.HANG_SECONDS)
    void anyTextIsRedactedConsistently(byte[] data) {
        String text = FuzzBounds.text(data);
        RedactionResult result = FuzzBounds.withinTimeBound("redact", () -> REDACTOR.redact(text));
        String out = result.redacted();
        assertEquals(rebuild(text, result.findings()), out, "the output is the input with each finding replaced");
        assertTrue(out.length() <= (long) text.length() + (long) result.count() * LONGEST_MARKER,
            "output " + out.length() + " chars for " + text.length() + " with " + result.count() + " findings");

        // markers are made neutral first: their kinds hold credential words (password_assignment) that a detector
        // reads as the label of the next value (RedactorFuzzTestInputs/.../marker-kind-read-as-label)
        String neutral = MARKER.matcher(out).replaceAll("[REDACTED]");
        RedactionResult again = FuzzBounds.withinTimeBound("redact again", () -> REDACTOR.redact(neutral));
        Set<String> before = kinds(result.findings());
        Set<String> after = kinds(again.findings());
        after.removeAll(before);
        assertTrue(after.isEmpty(), "redacting the output again found new kinds " + after);

        String known = knownValue(text, data);
        if (known != null) {
            RedactionOptions options = new RedactionOptions(List.of(known), Map.of(), null, List.of());
            String redacted = FuzzBounds.withinTimeBound("redact with a known value",
                () -> REDACTOR.redact(text, options).redacted());
            for (String stretch : MARKER.split(redacted, -1)) {
                assertFalse(stretch.contains(known), "a known value survived");
            }
        }
    }

    /** The text with each finding replaced by its marker; also checks that findings are sorted, disjoint and inside. */
    private static String rebuild(String text, List<Finding> findings) {
        StringBuilder b = new StringBuilder();
        int pos = 0;
        for (Finding f : findings) {
            assertTrue(f.start() >= pos && f.end() <= text.length(), "finding " + f + " after " + pos);
            assertTrue(f.end() > f.start(), "empty finding " + f);
            b.append(text, pos, f.start()).append("[REDACTED:").append(f.kind()).append(']');
            pos = f.end();
        }
        return b.append(text, pos, text.length()).toString();
    }

    private static Set<String> kinds(List<Finding> findings) {
        Set<String> kinds = new TreeSet<>();
        findings.forEach(f -> kinds.add(f.kind()));
        return kinds;
    }

    /**
     * A piece of the input chosen by its last two bytes, when it is long enough to be propagated as a value (8+
     * characters) and holds no bracket (so no occurrence can straddle a marker).
     */
    private static String knownValue(String text, byte[] data) {
        if (data.length < 2 || text.length() < 8) {
            return null;
        }
        int start = (data[data.length - 2] & 0xFF) % text.length();
        int end = Math.min(text.length(), start + 8 + (data[data.length - 1] & 0x3F));
        String value = text.substring(start, end);
        return value.length() < 8 || value.indexOf('[') >= 0 || value.indexOf(']') >= 0 ? null : value;
    }

    private static int longestMarker() {
        int longest = Math.max(Redactor.ENV_KIND.length(), Redactor.EXTRA_KIND.length());
        for (String kind : REDACTOR.kinds()) {
            longest = Math.max(longest, kind.length());
        }
        return "[REDACTED:]".length() + longest;
    }
}
