package io.agentsafety.redaction;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One pass for all rows' literals answers, row by row, what each row's own {@link RequiredLiterals#mayMatch} answers. */
class LiteralRowsTest {

    private static void assertSameRows(RequiredLiterals[] rows, LiteralRows filter, String value) {
        long found = filter.rows(value);
        for (int r = 0; r < rows.length; r++) {
            boolean may = rows[r] == null || rows[r].mayMatch(value, 0, value.length());
            assertEquals(may, (found >>> r & 1L) != 0, "row " + r + " on a value of " + value.length() + " characters");
        }
        assertEquals(0, rows.length == 64 ? 0 : found >>> rows.length, "no bit past the rows");
    }

    private static RequiredLiterals[] conditions(List<Pattern> patterns) {
        return patterns.stream().map(RequiredLiterals::of).toArray(RequiredLiterals[]::new);
    }

    /** Tokens of the table's examples, their case variants and U+212A / U+017F fold partners, and random values. */
    private static List<String> values(DetectorTable table, List<RequiredLiterals[]> lists) {
        List<String> out = new ArrayList<>();
        for (DetectorTable.Examples ex : table.examples()) {
            List<String> lines = new ArrayList<>(ex.keep());
            ex.redact().forEach(e -> lines.add(e.replace("«", "").replace("»", "")));
            for (String line : lines) {
                for (String v : List.of(line, line.toUpperCase(Locale.ROOT), line.toLowerCase(Locale.ROOT),
                    line.replace('k', '\u212A').replace('s', '\u017F'))) {
                    out.add(v);
                    out.addAll(List.of(v.split("[\\s=:\"']+")));
                }
            }
        }
        Random random = new Random(64);
        List<String> literals = new ArrayList<>();
        for (RequiredLiterals[] rows : lists) {
            for (RequiredLiterals r : rows) {
                if (r != null) {
                    r.literals().forEach(l -> literals.add(l.text()));
                }
            }
        }
        String alphabet = "aZ09_-.${}<>%\u00e9\u212A\u017F\u00df\ud83d\ude00";
        for (int t = 0; t < 20_000; t++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(120);
            while (b.length() < n) {
                if (random.nextInt(10) == 0) {
                    String l = literals.get(random.nextInt(literals.size()));
                    b.append(random.nextBoolean() ? l : l.toUpperCase(Locale.ROOT));
                } else {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void answersAsEachRowOnTheTablesAllowLists() {
        DetectorTable table = DetectorTable.builtIn();
        List<RequiredLiterals[]> lists = new ArrayList<>();
        lists.add(conditions(table.globalAllow()));
        for (Detector d : table.detectors()) {
            if (d.allow().size() > 1) {
                lists.add(conditions(d.allow()));
            }
        }
        assertTrue(lists.get(0).length >= 10, "global allow rows: " + lists.get(0).length);
        List<String> values = values(table, lists);
        assertTrue(values.size() > 30_000, "values: " + values.size());
        for (RequiredLiterals[] rows : lists) {
            LiteralRows filter = LiteralRows.of(rows);
            assertNotNull(filter);
            for (String v : values) {
                assertSameRows(rows, filter, v);
            }
        }
    }

    @Test
    void rowsWithoutConditionAreAlwaysInAndMoreThan64RowsGetNoFilter() {
        RequiredLiterals[] rows = conditions(List.of(Pattern.compile("changeme"), Pattern.compile(".*"),
            Pattern.compile("(?i)your_key"), Pattern.compile("\u00e9t\u00e9")));
        LiteralRows filter = LiteralRows.of(rows);
        assertEquals(0b0010L, filter.rows("nothing here"));
        assertEquals(0b0111L, filter.rows("x CHANGEME? no: changeme, YOUR_\u212AEY"));
        assertEquals(0b1010L, filter.rows("l'\u00e9t\u00e9"));
        assertNull(LiteralRows.of(new RequiredLiterals[65]));
    }
}
