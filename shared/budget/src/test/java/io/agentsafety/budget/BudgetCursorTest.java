package io.agentsafety.budget;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The listing's cursor: what it encodes round-trips, and nothing else is accepted. */
class BudgetCursorTest {

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aPositionRoundTrips() {
        BudgetIndex.Entry position = new BudgetIndex.Entry(1_764_921_600_123L, "run-42.a:b@c_d");
        assertEquals(position, BudgetCursor.parse(BudgetCursor.encode(position)));
        assertEquals(new BudgetIndex.Entry(0, "r"), BudgetCursor.parse(b64("0:r")));
    }

    @Test
    void malformedOrNonCanonicalCursorsAreRefused() {
        for (String bad : new String[]{"", "x", "!!!", b64("nope"), b64(":run"), b64("12:"), b64("-1:run"), b64("01:run"),
            b64("1.5:run"), b64("9007199254740993:run"), b64("12:run/../x"), b64("12:run x"), b64("12:-run"), b64("12:{run}"),
            b64("12:" + "r".repeat(129)), b64("12:run\n"), b64("12:run") + "=",
            "A".repeat(201)}) {
            assertNull(BudgetCursor.parse(bad), bad);
        }
        // the same bytes with trailing bits set decode identically but are not the canonical text
        String canonical = b64("12:ru");
        char last = canonical.charAt(canonical.length() - 1);
        String altered = canonical.substring(0, canonical.length() - 1) + (char) (last + 1);
        if (java.util.Arrays.equals(Base64.getUrlDecoder().decode(altered), Base64.getUrlDecoder().decode(canonical))) {
            assertNull(BudgetCursor.parse(altered));
        }
    }
}
