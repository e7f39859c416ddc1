package io.agentsafety.approvals;

import io.agentsafety.core.ProblemException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Approvals in Redis: every change of one approval is one Lua script on its own keys (atomic, so of two racing
 * approvers or re-checks exactly one makes the final transition); the indexes follow in a second script on the
 * index slot (a creation on one server: in the same script, {@link #create}). The record is the truth: an index entry that lags (its script failed after the record changed) is
 * filtered out by readers, which always re-read the record, and trimmed by the sweep.
 */
@Singleton
public class ApprovalStore {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalStore.class);
    private static final Argument<Map<String, String>> FIELDS = Argument.mapOf(String.class, String.class);

    /** What a record script answered: its code, the status before it ran, and the record after it (null if absent). */
    public record Outcome(String code, ApprovalStatus previous, StoredApproval approval) {

        public boolean found() {
            return approval != null;
        }

        public boolean statusChanged() {
            return approval != null && previous != null && previous != approval.status();
        }
    }

    /** One index entry: the approval id and its score (creation time in ms). */
    public record IndexEntry(String id, long score) {
    }

    /** A webhook notification claimed from the outbox for one delivery attempt. */
    public record ClaimedNotification(String entryId, String approvalId, int attempt, String payload) {
    }

    private final ApprovalScripts scripts;
    private final JsonMapper json;

    public ApprovalStore(ApprovalScripts scripts, JsonMapper json) {
        this.scripts = scripts;
        this.json = json;
    }

    /**
     * A new approval: its record, then its index entries and, when {@code notification} is not null, its webhook in the
     * outbox, so that an id the caller is given is always listed and notified. On one server both are one script
     * (atomic: all or nothing, one round trip); in a cluster the record's slot first, then the indexes' slot (a failure
     * between leaves a record no index names, which expires unseen).
     */
    public void create(String id, long keyLifetimeMs, Map<String, String> fields, long createdMs, long expiresMs, String runId,
                       String notification, long runIndexLifetimeMs) {
        String[] indexKeys = runId == null
            ? new String[]{ApprovalKeys.all(), ApprovalKeys.status(ApprovalStatus.PENDING), ApprovalKeys.expiry(), ApprovalKeys.outbox()}
            : new String[]{ApprovalKeys.all(), ApprovalKeys.status(ApprovalStatus.PENDING), ApprovalKeys.expiry(), ApprovalKeys.outbox(),
                ApprovalKeys.run(runId)};
        String[] indexArgs = {id, Long.toString(createdMs), Long.toString(expiresMs), notification == null ? "" : notification,
            Long.toString(runIndexLifetimeMs)};
        List<String> recordArgs = new ArrayList<>(fields.size() * 2 + 1);
        recordArgs.add(Long.toString(keyLifetimeMs));
        fields.forEach((k, v) -> {
            recordArgs.add(k);
            recordArgs.add(v);
        });
        String record = ApprovalKeys.record(id);
        if (!scripts.oneServer()) {
            scripts.run(ApprovalScripts.Op.CREATE, new String[]{record}, recordArgs.toArray(String[]::new));
            scripts.run(ApprovalScripts.Op.INDEX_CREATED, indexKeys, indexArgs);
            return;
        }
        String[] keys = new String[indexKeys.length + 1];
        keys[0] = record;
        System.arraycopy(indexKeys, 0, keys, 1, indexKeys.length);
        List<String> args = new ArrayList<>(1 + indexArgs.length + recordArgs.size());
        args.add(Integer.toString(indexArgs.length));
        args.addAll(List.of(indexArgs));
        args.addAll(recordArgs);
        scripts.run(ApprovalScripts.Op.CREATE_INDEXED, keys, args.toArray(String[]::new));
    }

    public Outcome get(String id, long nowMs) {
        return followIndexes(record(ApprovalScripts.Op.GET, id, Long.toString(nowMs)), nowMs);
    }

    public Outcome approve(String id, String approver, String comment, long nowMs) {
        return followIndexes(record(ApprovalScripts.Op.APPROVE, id, approver, comment == null ? "" : comment, Long.toString(nowMs)), nowMs);
    }

    public Outcome deny(String id, String approver, String comment, long nowMs) {
        return followIndexes(record(ApprovalScripts.Op.DENY, id, approver, comment == null ? "" : comment, Long.toString(nowMs)), nowMs);
    }

    public Outcome consume(String id, String actionSha256, String runId, long nowMs) {
        return followIndexes(record(ApprovalScripts.Op.CONSUME, id, actionSha256, runId == null ? "" : runId, Long.toString(nowMs)), nowMs);
    }

    /** Records one task-token callback attempt: {@code sent}, {@code failed} (abandoned) or {@code pending} (retry). */
    public void callbackAttempted(String id, String state) {
        scripts.run(ApprovalScripts.Op.CALLBACK_DONE, new String[]{ApprovalKeys.record(id), ApprovalKeys.approvers(id)}, state);
    }

    /** Newest first, scores at most {@code maxScore}. */
    public List<IndexEntry> page(String indexKey, long maxScore, int count) {
        String text = scripts.run(ApprovalScripts.Op.INDEX_PAGE, new String[]{indexKey}, Long.toString(maxScore), Integer.toString(count));
        List<IndexEntry> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            out.add(new IndexEntry(line.substring(0, space), (long) Double.parseDouble(line.substring(space + 1))));
        }
        return out;
    }

    /** Ids in a time-scored index whose time has come, oldest first. */
    public List<String> due(String indexKey, long nowMs, int count) {
        String text = scripts.run(ApprovalScripts.Op.INDEX_DUE, new String[]{indexKey}, Long.toString(nowMs), Integer.toString(count));
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** Moves an entry of a time-scored index to a new time, or removes it ({@code atMs} null). */
    public void reschedule(String indexKey, String id, Long atMs) {
        scripts.run(ApprovalScripts.Op.INDEX_RESCHEDULE, new String[]{indexKey}, id, atMs == null ? "" : Long.toString(atMs));
    }

    /** Drops index entries created before {@code cutoffMs} (their records are gone or about to be). */
    public long trim(long cutoffMs) {
        List<String> keys = new ArrayList<>();
        keys.add(ApprovalKeys.all());
        for (ApprovalStatus status : ApprovalStatus.values()) {
            keys.add(ApprovalKeys.status(status));
        }
        return Long.parseLong(scripts.run(ApprovalScripts.Op.INDEX_TRIM, keys.toArray(String[]::new), Long.toString(cutoffMs)));
    }

    public List<ClaimedNotification> claim(long nowMs, long leaseMs, int count) {
        String text = scripts.run(ApprovalScripts.Op.OUTBOX_CLAIM, new String[]{ApprovalKeys.outbox()},
            Long.toString(nowMs), Long.toString(leaseMs), Integer.toString(count));
        try {
            List<Map<String, String>> rows = json.readValue(text, Argument.listOf(FIELDS));
            return rows.stream().map(r -> new ClaimedNotification(r.get("entry_id"), r.get("approval_id"),
                Integer.parseInt(r.get("attempt")), r.get("payload"))).toList();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable outbox claim", e);
        }
    }

    /** Settles a claimed notification: {@code delivered}, {@code retry} at {@code nextAtMs}, or {@code dead}. */
    public void settle(String entryId, String outcome, long nextAtMs, String lastError, long nowMs, long deadLetterCap) {
        scripts.run(ApprovalScripts.Op.OUTBOX_SETTLE, new String[]{ApprovalKeys.outbox(), ApprovalKeys.deadLetters()},
            entryId, outcome, Long.toString(nextAtMs), lastError == null ? "" : lastError, Long.toString(nowMs), Long.toString(deadLetterCap));
    }

    private Outcome record(ApprovalScripts.Op op, String id, String... args) {
        String reply = scripts.run(op, new String[]{ApprovalKeys.record(id), ApprovalKeys.approvers(id)}, args);
        String[] parts = reply.split("\n", 3);
        ApprovalStatus previous = parts[1].isEmpty() ? null : ApprovalStatus.parse(parts[1]).orElse(null);
        if (parts[2].isEmpty()) {
            return new Outcome(parts[0], previous, null);
        }
        try {
            return new Outcome(parts[0], previous, new StoredApproval(json.readValue(parts[2], FIELDS)));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable approval record", e);
        }
    }

    /**
     * Moves the approval between status indexes after its record changed (and queues a callback it now owes). A
     * failure here is logged, not thrown: the record already changed, readers filter by the record, and the sweep
     * finds owed callbacks through the expiry index.
     */
    private Outcome followIndexes(Outcome outcome, long nowMs) {
        if (!outcome.statusChanged()) {
            return outcome;
        }
        StoredApproval approval = outcome.approval();
        try {
            scripts.run(ApprovalScripts.Op.INDEX_MOVE,
                new String[]{ApprovalKeys.status(outcome.previous()), ApprovalKeys.status(approval.status()), ApprovalKeys.callbacks()},
                approval.id(), Long.toString(approval.createdMs()), approval.owesCallback() ? "1" : "0", Long.toString(nowMs));
        } catch (ProblemException e) {
            LOG.warn("approval {} changed to {} but its index did not follow; the sweep will settle it", approval.id(),
                approval.status().wireName());
        }
        return outcome;
    }
}
