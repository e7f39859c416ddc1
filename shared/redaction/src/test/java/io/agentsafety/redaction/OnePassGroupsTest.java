package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-pass match gives what RE2J's public two-pass API gives, anchored and searching, on every row's examples. */
class OnePassGroupsTest {

    @Test
    void onePassIsAvailableOnTheClassPath() {
        assertTrue(OnePassGroups.onePass(), "RE2.match not reachable: attempts would run the NFA twice");
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
                    boolean a = OnePassGroups.lookingAt(d.anchoredPattern(), slice, one);
                    boolean b = OnePassGroups.twoPass(d.anchoredPattern(), slice, two);
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

    @Test
    void sameMatchAndGroupsAsFindThenStartFromEveryPositionOfEveryExample() {
        DetectorTable table = DetectorTable.builtIn();
        int searches = 0;
        int matches = 0;
        for (DetectorTable.Examples e : table.examples()) {
            Detector d = table.detectors().stream().filter(x -> x.id().equals(e.detectorId())).findFirst().orElseThrow();
            int n = 2 * (1 + d.pattern().groupCount());
            List<String> all = new ArrayList<>(e.keep());
            e.redact().forEach(x -> all.add(x.replace("«", "").replace("»", "")));
            for (String text : all) {
                for (int from = 0; from <= text.length(); from++) {
                    int[] one = new int[n];
                    int[] two = new int[n];
                    boolean a = OnePassGroups.find(d.pattern(), text, from, one);
                    boolean b = OnePassGroups.twoPassFind(d.pattern(), text, from, two);
                    assertEquals(b, a, d.id() + " from " + from + " of " + text);
                    if (a) {
                        assertArrayEquals(two, one, d.id() + " from " + from + " of " + text);
                        matches++;
                    }
                    searches++;
                }
            }
        }
        assertTrue(searches > 10_000 && matches > 1_000, searches + " searches, " + matches + " matches");
    }
}
