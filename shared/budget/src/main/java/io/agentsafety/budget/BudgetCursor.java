package io.agentsafety.budget;

import io.agentsafety.core.Ids;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opaque {@code cursor} of {@code GET /budgets}: the position after a page, (created_at, run_id), as unpadded
 * base64url of {@code <created_at>:<run_id>}. Only the canonical encoding of a well-formed position is accepted;
 * anything else is a 400 naming {@code cursor}. It is a position, not a credential: a hand-made one can only start
 * a listing the caller may read from the start anyway.
 */
final class BudgetCursor {

    private static final Pattern POSITION = Pattern.compile("(0|[1-9][0-9]{0,15}):(.+)");
    /** Scores are doubles: creation times stay exact below 2^53 ms. */
    private static final long MAX_SCORE = 1L << 53;

    private BudgetCursor() {
    }

    static String encode(BudgetIndex.Entry position) {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString((position.createdAt() + ":" + position.runId()).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position, or null when the text is not a cursor this API returns. */
    static BudgetIndex.Entry parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 200) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Matcher m = POSITION.matcher(decoded);
        if (!m.matches() || !Ids.isValidIdentifier(m.group(2))) {
            return null;
        }
        long score = Long.parseLong(m.group(1));
        if (score > MAX_SCORE) {
            return null;
        }
        BudgetIndex.Entry position = new BudgetIndex.Entry(score, m.group(2));
        // one text per position: no padding, no trailing bits, no alternative alphabet
        return encode(position).equals(text) ? position : null;
    }
}
