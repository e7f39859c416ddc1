package io.agentsafety.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounding and cleaning half of {@link OutboundText}, with the identity as scrubber (the redactor lives in
 * shared/redaction, which depends on this module; the scrubbing half is tested there, with the real redactor).
 */
class OutboundTextTest {

    private static final TextScrubber IDENTITY = text -> text;

    @Test
    void fieldPathsKeepTheirShapeAndLoseMarkupAndControls() {
        assertEquals("params.paths[1]", OutboundText.fieldPath("params.paths[1]", IDENTITY));
        assertEquals("?script?x", OutboundText.fieldPath("<script>x", IDENTITY));
        assertEquals("env.A?B", OutboundText.fieldPath("env.A\nB", IDENTITY));
        assertEquals("metadata.pr?nom", OutboundText.fieldPath("metadata.prénom", IDENTITY));
    }

    @Test
    void aHugeKeyIsCutAfterScrubbing() {
        String path = OutboundText.fieldPath("params." + "k".repeat(1_000_000), IDENTITY);
        assertEquals(OutboundText.MAX_FIELD_PATH + 1, path.length());
        assertTrue(path.endsWith(OutboundText.ELLIPSIS));
    }

    @Test
    void theScrubberSeesTheWholeKeyBeforeTheCut() {
        // a scrubber that only recognises the complete 40-character token: it must get it entire
        String token = "tok_" + "a".repeat(36);
        TextScrubber exact = text -> text.replace(token, "[REDACTED:tok]");
        String path = OutboundText.fieldPath("params." + "x".repeat(100) + token, exact);
        assertTrue(path.contains("[REDACTED:tok]") || !path.contains("tok_"), path);
        assertTrue(!path.contains("aaaaaaaaaa"), path);
    }

    @Test
    void textIsOneLineAndBounded() {
        assertEquals("no route for GET /a?b", OutboundText.text("no route for GET /a\u001bb", IDENTITY, 100));
        assertEquals("abc" + OutboundText.ELLIPSIS, OutboundText.text("abcdef", IDENTITY, 3));
        assertEquals(null, OutboundText.text(null, IDENTITY, 3));
    }
}
