package io.agentsafety.budget;

import io.agentsafety.budget.LedgerConnection.PendingEntry;
import io.agentsafety.budget.LedgerConnection.StreamEntry;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the scheduled alert delivery: drains the outbox {@code safety:events} (which {@link BudgetEvents}
 * fills on the request path) through the consumer group {@value #GROUP}, POSTs each event signed
 * ({@link AlertWebhook}) and acknowledges it on a 2xx. A failed event stays pending with its delivery count and is
 * claimed again by a run after {@code retry-after}; the attempt that reaches {@code max-attempts} and fails writes a
 * dead letter ({@code <stream>:dead}: the event, the attempts and the last status or exception kind — never the
 * URL, a secret or a response body) and acknowledges it. Claims use {@code XCLAIM} with the same minimum idle time
 * as the {@code XPENDING} that found them, so of two concurrent runs only one takes each entry; an entry a run died
 * holding is claimed again the same way. That idle time is a lease: once {@code retry-after} has passed since a claim
 * (or {@code XREADGROUP}), another run may take the entry, so a run posts a chunk only while one timeout (the bound of
 * the POST) and half of one (the acknowledgement) are left of its lease — {@link AlertSettings} requires
 * {@code retry-after} of at least two timeouts — and otherwise leaves it pending, unposted, for a later run. Each
 * run handles at most {@code batch} entries, in chunks of {@value #CHUNK} posted in parallel, and starts no chunk
 * that could end after {@code run-time}.
 */
@Singleton
public class AlertDelivery {

    public static final String GROUP = "budget-alerts";
    /** One consumer name for every instance: claims are decided by idle time, and no consumer is left behind per instance. */
    static final String CONSUMER = "delivery";
    static final int CHUNK = 10;
    static final long DEAD_LETTER_CAP = 10_000;
    /** A new group starts an hour back: events written since a deploy, before the first run, are not skipped. */
    static final long FIRST_RUN_LOOKBACK_MILLIS = 3_600_000;
    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

    /** What one run did: posted and acknowledged, left pending for a retry, dead-lettered, acknowledged with no webhook set. */
    @Serdeable
    public record Report(int delivered, int retried, int deadLettered, int acknowledgedWithoutWebhook) {
    }

    private final LedgerConnection connection;
    private final BudgetSettings budget;
    private final AlertSettings settings;
    private final AlertWebhook webhook;

    public AlertDelivery(LedgerConnection connection, BudgetSettings budget, AlertSettings settings, AlertWebhook webhook) {
        this.connection = connection;
        this.budget = budget;
        this.settings = settings;
        this.webhook = webhook;
    }

    public static String deadLetterStream(String stream) {
        return stream + ":dead";
    }

    public Report run() {
        long deadline = System.nanoTime() + settings.runTime().minus(settings.timeout()).toNanos();
        String stream = budget.eventStream();
        connection.xgroupCreate(stream, GROUP, (System.currentTimeMillis() - FIRST_RUN_LOOKBACK_MILLIS) + "-0");
        if (!webhook.enabled()) {
            LOG.info("budget alerts: no webhook configured (safety.budget.alerts.webhook-url): events are acknowledged without sending");
        }
        Tally tally = new Tally();
        int budgetLeft = settings.batch();
        // first the owed retries (and entries a dead run held), oldest first; then what was never handed out
        while (budgetLeft > 0 && System.nanoTime() < deadline) {
            List<PendingEntry> due = connection.xpending(stream, GROUP, settings.retryAfter(), Math.min(CHUNK, budgetLeft));
            if (due.isEmpty()) {
                break;
            }
            budgetLeft -= due.size();
            Map<String, Long> attempts = new HashMap<>();
            due.forEach(p -> attempts.put(p.id(), p.deliveries() + 1));
            long claimedAt = System.nanoTime(); // before the claim: the lease is measured from no later than Redis starts it
            List<StreamEntry> claimed = connection.xclaim(stream, GROUP, CONSUMER, settings.retryAfter(),
                due.stream().map(PendingEntry::id).toArray(String[]::new));
            handle(stream, claimed, attempts, claimedAt, tally);
        }
        while (budgetLeft > 0 && System.nanoTime() < deadline) {
            long claimedAt = System.nanoTime();
            List<StreamEntry> fresh = connection.xreadgroup(stream, GROUP, CONSUMER, Math.min(CHUNK, budgetLeft));
            if (fresh.isEmpty()) {
                break;
            }
            budgetLeft -= fresh.size();
            handle(stream, fresh, Map.of(), claimedAt, tally);
        }
        Report report = new Report(tally.delivered, tally.retried, tally.dead, tally.unsent);
        LOG.info("budget alert delivery: {}", report);
        return report;
    }

    private void handle(String stream, List<StreamEntry> entries, Map<String, Long> attempts, long claimedAt, Tally tally) {
        List<String> acknowledged = new ArrayList<>();
        List<AlertWebhook.Alert> alerts = new ArrayList<>();
        Map<String, StreamEntry> byId = new HashMap<>();
        for (StreamEntry entry : entries) {
            long attempt = attempts.getOrDefault(entry.id(), 1L);
            if (entry.fields().isEmpty()) {
                // trimmed from the capped stream before it was delivered: nothing left to send
                LOG.warn("budget alert {}: the entry was trimmed from {} before delivery", entry.id(), stream);
                acknowledged.add(entry.id());
            } else if (!webhook.enabled()) {
                acknowledged.add(entry.id());
                tally.unsent++;
            } else if (attempt > settings.maxAttempts()) {
                // a run died between this entry's dead letter and its acknowledgement, or max-attempts was lowered
                deadLetter(stream, entry, attempt - 1, "attempts_exhausted");
                acknowledged.add(entry.id());
                tally.dead++;
            } else {
                Map<String, String> f = entry.fields();
                byId.put(entry.id(), entry);
                alerts.add(new AlertWebhook.Alert(entry.id(), f.getOrDefault("type", "budget.event"), f.get("event_id"),
                    f.get("ledger_event_id"), BudgetEvents.toJson(f), attempt));
            }
        }
        if (!alerts.isEmpty() && !withinLease(claimedAt)) {
            // a pause (GC, a slow Redis answer) ate the lease: another run may hold these entries by now or soon, and
            // posting them too would deliver them twice. Left pending; the attempt number skips one.
            LOG.warn("budget alerts: {} claimed entries not posted, {} ms after their claim (retry-after {}): left for a later run",
                alerts.size(), (System.nanoTime() - claimedAt) / 1_000_000, settings.retryAfter());
            tally.retried += alerts.size();
        } else if (!alerts.isEmpty()) {
            for (AlertWebhook.Outcome outcome : webhook.post(alerts)) {
                AlertWebhook.Alert alert = outcome.alert();
                if (outcome.error() == null) {
                    acknowledged.add(alert.outboxId());
                    tally.delivered++;
                } else if (alert.attempt() >= settings.maxAttempts()) {
                    LOG.warn("budget alert {} ({}): dead-lettered after {} attempts ({})", alert.outboxId(), alert.type(),
                        alert.attempt(), outcome.error());
                    deadLetter(stream, byId.get(alert.outboxId()), alert.attempt(), outcome.error());
                    acknowledged.add(alert.outboxId());
                    tally.dead++;
                } else {
                    LOG.info("budget alert {} ({}): attempt {} failed ({}), retried after {}", alert.outboxId(), alert.type(),
                        alert.attempt(), outcome.error(), settings.retryAfter());
                    tally.retried++;
                }
            }
        }
        if (!acknowledged.isEmpty()) {
            connection.xack(stream, GROUP, acknowledged.toArray(String[]::new));
        }
    }

    /** Whether a POST started now (bounded by one timeout) and its acknowledgement end before the claim's lease does. */
    private boolean withinLease(long claimedAt) {
        long left = settings.retryAfter().toNanos() - (System.nanoTime() - claimedAt);
        return left >= settings.timeout().toNanos() + settings.timeout().toNanos() / 2;
    }

    /** The event as it was in the outbox plus why it stopped; no URL, no secret, no response body. */
    private void deadLetter(String stream, StreamEntry entry, long attempts, String lastError) {
        Map<String, String> record = new LinkedHashMap<>();
        record.put("outbox_id", entry.id());
        record.put("attempts", Long.toString(attempts));
        record.put("last_error", lastError);
        record.put("dead_at", Instant.now().toString());
        entry.fields().forEach(record::putIfAbsent);
        connection.xadd(deadLetterStream(stream), DEAD_LETTER_CAP, record);
    }

    private static final class Tally {
        int delivered;
        int retried;
        int dead;
        int unsent;
    }
}
