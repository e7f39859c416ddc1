package io.agentsafety.budget;

import io.agentsafety.budget.LedgerConnection.PendingEntry;
import io.agentsafety.budget.LedgerConnection.StreamEntry;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisStreamCommands;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The consumer-group commands of {@link LettuceLedgerConnection}, kept apart from its connection handling. */
final class LettuceStreams {

    private LettuceStreams() {
    }

    static boolean groupCreate(RedisStreamCommands<String, String> streams, String stream, String group, String startId) {
        try {
            streams.xgroupCreate(XReadArgs.StreamOffset.from(stream, startId), group, XGroupCreateArgs.Builder.mkstream());
            return true;
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP")) {
                return false;
            }
            throw e;
        }
    }

    static List<StreamEntry> readGroup(RedisStreamCommands<String, String> streams, String stream, String group, String consumer,
                                       int count) {
        return entries(streams.xreadgroup(Consumer.from(group, consumer), XReadArgs.Builder.count(count),
            XReadArgs.StreamOffset.lastConsumed(stream)));
    }

    static List<PendingEntry> pending(RedisStreamCommands<String, String> streams, String stream, String group, Duration minIdle,
                                      int count) {
        return streams.xpending(stream, XPendingArgs.Builder.xpending(group, Range.create("-", "+"), Limit.from(count)).idle(minIdle))
            .stream().map(p -> new PendingEntry(p.getId(), p.getRedeliveryCount(), p.getMsSinceLastDelivery())).toList();
    }

    static List<StreamEntry> claim(RedisStreamCommands<String, String> streams, String stream, String group, String consumer,
                                   Duration minIdle, String... ids) {
        if (ids.length == 0) {
            return List.of();
        }
        // the field order is kept: it is the order of the webhook's JSON body
        return entries(streams.xclaim(stream, Consumer.from(group, consumer), XClaimArgs.Builder.minIdleTime(minIdle), ids));
    }

    private static List<StreamEntry> entries(List<StreamMessage<String, String>> messages) {
        return messages.stream()
            .map(m -> new StreamEntry(m.getId(), m.getBody() == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m.getBody()))))
            .toList();
    }
}
