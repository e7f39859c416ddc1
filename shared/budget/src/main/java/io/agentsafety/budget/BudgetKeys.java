package io.agentsafety.budget;

/**
 * Redis keys of one budget. All share the hash tag {@code {run_id}}, so they live in one cluster slot and
 * one Lua script may touch them all (Redis Cluster, ElastiCache Serverless). Run ids are validated
 * identifiers without braces, so the tag cannot be broken out of.
 */
public final class BudgetKeys {

    private BudgetKeys() {
    }

    /** The budget's hot state: {@code limit|spent|reserved|exceeded|circuit|...} (see the ledger scripts). */
    public static String state(String runId) {
        return "budget:{" + runId + "}:state";
    }

    /** Position of the circuit flag in the hot state. */
    public static final int CIRCUIT_FIELD = 4;

    /**
     * The seven keys every ledger script receives: hot state, reservation amounts, reservation deadlines,
     * an idempotency or settlement {@code record}, cold info, the budget's event stream, the ids of its
     * events not yet copied to the global feed.
     */
    public static String[] forScript(String runId, String record) {
        ScriptKeys names = last;
        if (names == null || !names.runId.equals(runId)) {
            names = new ScriptKeys(runId);
            last = names;
        }
        String[] keys = names.keys.clone();
        if (record != null) {
            keys[3] = names.base + record;
        }
        return keys;
    }

    /**
     * The key names of the run last asked for, made again only when another run is asked for. Why: a run's calls
     * follow one another (an agent's spends), and its six fixed names were seven string concatenations per call, a
     * third of the ledger's own allocation per spend. A racy memo: every entry is a pure function of its run id, so a
     * lost update only costs building the names again; callers get a copy of the array, so none can change it.
     */
    private static volatile ScriptKeys last;

    private static final class ScriptKeys {
        private final String runId;
        private final String base;
        private final String[] keys;

        ScriptKeys(String runId) {
            this.runId = runId;
            this.base = "budget:{" + runId + "}:";
            this.keys = new String[]{base + "state", base + "res", base + "resx", base + "idem", base + "info",
                base + "events", base + "unsent"};
        }
    }

    /** The budget's own event stream: the durable record of its threshold, breaker and overrun events. */
    public static String events(String runId) {
        return "budget:{" + runId + "}:events";
    }

    /** Ids of the budget's events whose copy to the global feed is still owed (zset, score = handed out at). */
    public static String unsent(String runId) {
        return "budget:{" + runId + "}:unsent";
    }

    public static String idempotency(String key) {
        return "idem:" + key;
    }

    public static String settlement(String reservationId) {
        return "settled:" + reservationId;
    }
}
