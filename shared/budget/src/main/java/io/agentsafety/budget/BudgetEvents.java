package io.agentsafety.budget;

import io.agentsafety.core.JsonText;
import io.agentsafety.core.Ids;
import io.agentsafety.core.Money;
import io.agentsafety.budget.LedgerScripts.Op;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a budget's events (threshold crossed, budget exceeded, breaker opened/closed, overrun) to the
 * global capped stream {@code safety:events} and logs them. That stream is the alert outbox: the scheduled
 * {@link AlertDelivery} posts its entries to the webhook; nothing here sends anything or leaves work running
 * after the response (on Lambda the environment is frozen between invocations). The durable record is
 * written by the script itself, atomically with the change that caused the event: the budget's own stream
 * {@code budget:{run_id}:events} (the global stream lives in another cluster slot, so no script can write
 * both). Each event stays in the budget's {@code unsent} set until
 * its global copy succeeded and was acknowledged ({@code ack.lua}); an event not acknowledged within
 * {@link #REDELIVERY_AFTER} (the copy failed, or the instance died between the script and the copy) is
 * handed out again by the next status read of the budget or by {@link #redeliver}. So no event is lost;
 * a copier that dies after its XADD but before its acknowledgement makes one duplicate, which carries the
 * same {@code ledger_event_id} as the first copy. Copying never fails the operation that caused the event.
 */
@Singleton
public class BudgetEvents {

    /** How long a handed-out event belongs to its copier before it is handed out again. */
    public static final Duration REDELIVERY_AFTER = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(BudgetEvents.class);

    private final LedgerConnection connection;
    private final LedgerScripts scripts;
    private final BudgetSettings settings;

    public BudgetEvents(LedgerConnection connection, LedgerScripts scripts, BudgetSettings settings) {
        this.connection = connection;
        this.scripts = scripts;
        this.settings = settings;
    }

    /**
     * Copies the given events of {@code runId} to the global stream (the alert outbox), and acknowledges
     * those whose copy succeeded; the others stay owed and are handed out again later.
     */
    public void publish(String runId, List<LedgerEvent> events) {
        List<String> copied = new ArrayList<>(events.size());
        for (LedgerEvent e : events) {
            Map<String, String> event = event(runId, e);
            try {
                connection.xadd(settings.eventStream(), settings.eventStreamMaxLength(), event);
                copied.add(e.id());
            } catch (RuntimeException failure) {
                // not in the outbox either: the redelivery copies it, and the alert follows from that copy
                LOG.warn("budget event {} {} for run {} not copied to the stream (kept for redelivery): {}", e.id(),
                    event.get("type"), runId, failure.getClass().getSimpleName());
                continue;
            }
            LOG.info("budget event type={} run_id={} threshold={} overrun={} spent={} limit={}", event.get("type"), runId,
                event.getOrDefault("threshold", "-"), event.getOrDefault("overrun", "-"), event.get("spent"), event.get("limit"));
        }
        if (!copied.isEmpty()) {
            try {
                scripts.run(Op.ACK, BudgetKeys.forScript(runId, null), copied.toArray(String[]::new));
            } catch (RuntimeException failure) {
                // unacknowledged: handed out again after REDELIVERY_AFTER, copied a second time with the same ledger_event_id
                LOG.warn("budget events of run {} copied but not acknowledged: {}", runId, failure.getClass().getSimpleName());
            }
        }
    }

    /**
     * Copies the events of {@code runId} whose global copy was handed out at least {@code olderThan} ago and
     * never acknowledged (works after the budget was deleted, while its event stream lives). Returns how
     * many were handed out. A Redis failure propagates (as a 503 {@code ProblemException}).
     */
    public int redeliver(String runId, Duration olderThan) {
        String answer = scripts.run(Op.EVENTS, BudgetKeys.forScript(runId, null), Long.toString(olderThan.toMillis()));
        List<LedgerEvent> owed = LedgerEvent.parseAll(answer);
        if (!owed.isEmpty()) {
            publish(runId, owed);
        }
        return owed.size();
    }

    static Map<String, String> event(String runId, LedgerEvent e) {
        String token = e.token();
        Map<String, String> event = new LinkedHashMap<>();
        event.put("event_id", Ids.newId("evt"));
        // the entry's id in budget:{run_id}:events: with run_id, identifies the event across redeliveries
        event.put("ledger_event_id", e.id());
        if (token.startsWith("threshold:")) {
            event.put("type", "budget.threshold_crossed");
            event.put("threshold", token.substring("threshold:".length()));
        } else if (token.startsWith("overrun:")) {
            // a commit with allow_overrun passed the limit by this amount
            event.put("type", "budget.overrun");
            event.put("overrun", Money.toDecimal(Amounts.parse(token.substring("overrun:".length()))).toPlainString());
        } else {
            event.put("type", "budget." + token);
        }
        event.put("run_id", runId);
        event.put("spent", Money.toDecimal(e.spentMicros()).toPlainString());
        event.put("limit", Money.toDecimal(e.limitMicros()).toPlainString());
        event.put("currency", e.currency());
        event.put("circuit_open", Boolean.toString(e.circuitOpen()));
        event.put("at", Instant.ofEpochMilli(e.atMillis()).toString());
        return event;
    }

    /** Values are ids, types, decimals and timestamps; numbers stay JSON numbers. */
    static String toJson(Map<String, String> event) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> e : event.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(e.getKey()).append("\":");
            boolean number = e.getKey().equals("spent") || e.getKey().equals("limit") || e.getKey().equals("threshold")
                || e.getKey().equals("overrun");
            boolean bool = e.getKey().equals("circuit_open");
            if (number || bool) {
                out.append(e.getValue());
            } else {
                JsonText.append(out, e.getValue());
            }
        }
        return out.append('}').toString();
    }
}
