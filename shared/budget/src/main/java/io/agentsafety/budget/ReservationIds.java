package io.agentsafety.budget;

import io.agentsafety.core.Ids;

/**
 * Reservation ids carry their run id ({@code rsv_<20 random chars>_<run_id>}) so commit and release find
 * the budget, and with it the one cluster slot, without a global index.
 */
public final class ReservationIds {

    private static final String PREFIX = "rsv_";
    private static final int RANDOM_END = PREFIX.length() + 20;

    private ReservationIds() {
    }

    public static String newId(String runId) {
        return Ids.newId("rsv") + "_" + runId;
    }

    /** The run id inside a reservation id, or null when the id is not one of ours. */
    public static String runIdOf(String reservationId) {
        if (reservationId == null || reservationId.length() <= RANDOM_END + 1 || !reservationId.startsWith(PREFIX)
            || reservationId.charAt(RANDOM_END) != '_') {
            return null;
        }
        for (int i = PREFIX.length(); i < RANDOM_END; i++) {
            char c = reservationId.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')) {
                return null;
            }
        }
        String runId = reservationId.substring(RANDOM_END + 1);
        return Ids.isValidIdentifier(runId) ? runId : null;
    }
}
