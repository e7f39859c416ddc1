package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.Money;
import io.lettuce.core.RedisException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes what a script reported (threshold crossed, budget exceeded, breaker opened/closed): appended
 * to the capped stream {@code safety:events}, logged, and sent to the alert webhook when one is set.
 * The script already decided atomically that the event happens once; publishing is after the fact and
 * never fails the operation that caused it. (The stream is not written inside the script because it
 * lives in another cluster slot than the budget.)
 */
@Singleton
public class BudgetEvents {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetEvents.class);

    private final LedgerConnection connection;
    private final BudgetSettings settings;
    private final WebhookNotifier webhook;

    public BudgetEvents(LedgerConnection connection, BudgetSettings settings, WebhookNotifier webhook) {
        this.connection = connection;
        this.settings = settings;
        this.webhook = webhook;
    }

    public void publish(List<String> tokens, BudgetSnapshot budget) {
        String at = Instant.now().toString();
        for (String token : tokens) {
            Map<String, String> event = event(token, budget, at);
            try {
                connection.xadd(settings.eventStream(), settings.eventStreamMaxLength(), event);
            } catch (RedisException e) {
                LOG.warn("budget event {} for run {} not appended to the stream: {}", event.get("type"), budget.runId(),
                    e.getClass().getSimpleName());
            }
            LOG.info("budget event type={} run_id={} threshold={} overrun={} spent={} limit={}", event.get("type"), budget.runId(),
                event.getOrDefault("threshold", "-"), event.getOrDefault("overrun", "-"), event.get("spent"), event.get("limit"));
            webhook.send(toJson(event));
        }
    }

    static Map<String, String> event(String token, BudgetSnapshot budget, String at) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("event_id", Ids.newId("evt"));
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
        event.put("run_id", budget.runId());
        event.put("spent", Money.toDecimal(budget.spentMicros()).toPlainString());
        event.put("limit", Money.toDecimal(budget.limitMicros()).toPlainString());
        event.put("currency", budget.currency());
        event.put("circuit_open", Boolean.toString(budget.circuitOpen()));
        event.put("at", at);
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
                out.append('"').append(escape(e.getValue())).append('"');
            }
        }
        return out.append('}').toString();
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
