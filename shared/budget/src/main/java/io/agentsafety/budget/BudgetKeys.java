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
     * Shards of a run's keyless records: a record is a field of {@code calls:<shard>:<parity>}, the shard taken from
     * its call key. Why: a hash is freed whole when it expires, in one step of Redis's main thread (~1–2 µs per field
     * measured: 1.2 s for 500,000), so one hash per run would stall Redis at each period's end on a busy run; with 64
     * shards a run doing 1,000 keyless calls/s leaves ~9,400 records per hash (~20 ms), a run doing 10/s ~90 per hash
     * (a few of its calls per period pay the expiry check that a new hash costs).
     */
    static final int KEYLESS_SHARDS = 64;

    /**
     * The keys of a spend or reserve under the service's own call key ({@link KeylessCalls}, {@code call_} + 32 hex):
     * {@link #forScript}'s, with the call's shard's two hashes of keyless records in place of a record key, the even
     * slot fourth and the odd one eighth (the scripts' slot_hash picks one by Redis's clock; each record is a field
     * named by its call key).
     */
    public static String[] forKeylessCall(String runId, String callKey) {
        ScriptKeys names = last;
        if (names == null || !names.runId.equals(runId)) {
            names = new ScriptKeys(runId);
            last = names;
        }
        int shard = (Character.digit(callKey.charAt(5), 16) * 16 + Character.digit(callKey.charAt(6), 16)) % KEYLESS_SHARDS;
        String[] keys = java.util.Arrays.copyOf(names.keys, 8);
        String prefix = names.base + "calls:" + shard;
        keys[3] = prefix + ":0";
        keys[7] = prefix + ":1";
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
