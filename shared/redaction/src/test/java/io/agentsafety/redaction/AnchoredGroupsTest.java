package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-pass anchored match gives what RE2J's public two-pass API gives, on every anchored row's examples. */
class AnchoredGroupsTest {

    @Test
    void onePassIsAvailableOnTheClassPath() {
        assertTrue(AnchoredGroups.onePass(), "RE2.match not reachable: attempts would run the NFA twice");
    }

    @Test
    void sameMatchAndGroupsAsLookingAtThenStartAtEveryPositionOfEveryExample() {
        DetectorTable table = DetectorTable.builtIn();
        Map<String, List<String>> texts = new HashMap<>();
        for (DetectorTable.Examples e : table.examples()) {
            List<String> all = new ArrayList<>();
            for (String x : e.redact()) {
                all.add(x.replace("«", "").replace("»", ""));
            }
            all.addAll(e.keep());
            texts.put(e.detectorId(), all);
        }
        int attempts = 0;
        int matches = 0;
        for (Detector d : table.detectors()) {
            if (d.anchor() == Detector.Anchor.WINDOW) {
                continue;
            }
            int n = 2 * (1 + d.anchoredPattern().groupCount());
            for (String text : texts.getOrDefault(d.id(), List.of())) {
                // every start, so the failing attempts (most of them) are compared too
                for (int i = 0; i < text.length(); i++) {
                    Slice slice = new Slice(text, i, text.length());
                    int[] one = new int[n];
                    int[] two = new int[n];
                    boolean a = AnchoredGroups.lookingAt(d.anchoredPattern(), slice, one);
                    boolean b = AnchoredGroups.twoPass(d.anchoredPattern(), slice, two);
                    assertEquals(b, a, d.id() + " at " + i + " of " + text);
                    if (a) {
                        assertArrayEquals(two, one, d.id() + " at " + i + " of " + text);
                        matches++;
                    }
                    attempts++;
                }
            }
        }
        assertTrue(attempts > 10_000 && matches > 200, attempts + " attempts, " + matches + " matches");
    }
}
