package io.agentsafety.approvals;

/**
 * Redis keys. One approval's keys share the hash tag {@code {<approval id>}} (its record and approvers set are
 * changed together by one script on one cluster slot); the indexes, the webhook outbox and the dead letters share
 * the tag {@code {idx}} so the scripts that keep them consistent run on one slot too. An approval and its index
 * entries are therefore written by two scripts (see {@code README.md}, "Writes across two slots").
 */
public final class ApprovalKeys {

    static final String INDEX_PREFIX = "approvals:{idx}:";

    private ApprovalKeys() {
    }

    public static String record(String id) {
        return "approval:{" + id + "}:record";
    }

    public static String approvers(String id) {
        return "approval:{" + id + "}:approvers";
    }

    public static String all() {
        return INDEX_PREFIX + "all";
    }

    public static String status(ApprovalStatus status) {
        return INDEX_PREFIX + "status:" + status.wireName();
    }

    /** Run ids follow {@code Ids}' grammar (no braces), so they cannot break the hash tag. */
    public static String run(String runId) {
        return INDEX_PREFIX + "run:" + runId;
    }

    /** Every approval by expiry time: the sweep expires pending ones and settles any callback still owed. */
    public static String expiry() {
        return INDEX_PREFIX + "expiry";
    }

    /** Approvals owing a Step Functions callback, by the time of the next attempt. */
    public static String callbacks() {
        return INDEX_PREFIX + "callbacks";
    }

    public static String outbox() {
        return INDEX_PREFIX + "outbox";
    }

    public static String deadLetters() {
        return INDEX_PREFIX + "dead";
    }
}
