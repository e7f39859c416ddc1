package io.agentsafety.budget;

import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.ArrayList;
import java.util.List;

/**
 * What Redis holds for one run, read back raw (every key of its hash tag, and the events stream entries that
 * name it), so a test can check that what is stored is what is returned: redacted.
 */
public final class StoredText {

    private StoredText() {
    }

    public static String of(String runId) {
        RedisClient client = RedisClient.create(EmbeddedRedis.shared().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            List<String> out = new ArrayList<>();
            for (String key : redis.keys("*{" + runId + "}*")) {
                out.add(key);
                switch (redis.type(key)) {
                    case "string" -> out.add(redis.get(key));
                    case "hash" -> out.add(redis.hgetall(key).toString());
                    case "zset" -> out.add(redis.zrange(key, 0, -1).toString());
                    case "list" -> out.add(redis.lrange(key, 0, -1).toString());
                    case "set" -> out.add(redis.smembers(key).toString());
                    default -> out.add("<" + redis.type(key) + ">");
                }
            }
            if (redis.exists("safety:events") > 0) {
                for (StreamMessage<String, String> message : redis.xrange("safety:events", Range.create("-", "+"))) {
                    if (message.getBody().toString().contains(runId)) {
                        out.add(message.getBody().toString());
                    }
                }
            }
            return String.join("\n", out);
        } finally {
            client.shutdown();
        }
    }
}
