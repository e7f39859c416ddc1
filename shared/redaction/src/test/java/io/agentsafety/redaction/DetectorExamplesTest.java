package io.agentsafety.redaction;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executes the inline examples of every detector row: in "redact" examples the text between « and »
 * must be removed (by the row alone and by the whole table); "keep" examples must come back unchanged.
 */
class DetectorExamplesTest {

    private static final DetectorTable TABLE = DetectorTable.builtIn();
    private static final Redactor ALL = Redactor.builtIn();

    /** Text without markers, and the marked spans. */
    record Marked(String text, List<int[]> spans) {
        static Marked parse(String example) {
            StringBuilder text = new StringBuilder();
            List<int[]> spans = new ArrayList<>();
            int open = -1;
            for (int i = 0; i < example.length(); i++) {
                char c = example.charAt(i);
                if (c == '«') {
                    open = text.length();
                } else if (c == '»') {
                    spans.add(new int[] {open, text.length()});
                } else {
                    text.append(c);
                }
            }
            return new Marked(text.toString(), spans);
        }
    }

    @Test
    void tableHasAtLeast250KindsAndEveryRowHasExamples() {
        // issue 14 ("More formats"): at least 250 kinds, each row with executed redact and keep examples
        assertTrue(TABLE.kinds().size() >= 250, "kinds: " + TABLE.kinds().size());
        for (DetectorTable.Examples ex : TABLE.examples()) {
            assertFalse(ex.redact().isEmpty(), ex.detectorId() + " has no redact example");
            assertFalse(ex.keep().isEmpty(), ex.detectorId() + " has no keep example");
        }
    }

    @TestFactory
    Stream<DynamicTest> redactExamples() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DetectorTable.Examples ex : TABLE.examples()) {
            Detector detector = TABLE.detectors().stream().filter(d -> d.id().equals(ex.detectorId())).findFirst().orElseThrow();
            Redactor alone = new Redactor(List.of(detector), TABLE.globalAllow(), List.of(), 4);
            int n = 0;
            for (String example : ex.redact()) {
                Marked m = Marked.parse(example);
                tests.add(DynamicTest.dynamicTest(ex.detectorId() + " redacts #" + (n++), () -> {
                    assertFalse(m.spans().isEmpty(), "example without «secret» marker");
                    RedactionResult own = alone.redact(m.text());
                    for (int[] span : m.spans()) {
                        assertTrue(own.findings().stream().anyMatch(f -> f.start() <= span[0] && f.end() >= span[1]
                                && f.kind().equals(detector.kind())),
                            ex.detectorId() + " alone must cover the marked span; findings=" + own.findings());
                    }
                    String redacted = ALL.redact(m.text()).redacted();
                    for (int[] span : m.spans()) {
                        String secret = m.text().substring(span[0], span[1]);
                        assertFalse(redacted.contains(secret), ex.detectorId() + ": secret survived the full table");
                    }
                }));
            }
            n = 0;
            for (String example : ex.keep()) {
                tests.add(DynamicTest.dynamicTest(ex.detectorId() + " keeps #" + (n++), () -> {
                    RedactionResult own = alone.redact(example);
                    assertEquals(List.of(), own.findings(), ex.detectorId() + " alone must not fire");
                    RedactionResult all = ALL.redact(example);
                    assertEquals(example, all.redacted(), ex.detectorId() + " keep example changed by " + all.findings());
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void idsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (Detector d : TABLE.detectors()) {
            assertTrue(ids.add(d.id()), d.id());
        }
    }
}
