package io.agentsafety.budget.bench;

import io.lettuce.core.api.sync.RedisCommands;

/** The benches' server-side meter: seconds of CPU Redis's main thread used so far (user + system, {@code INFO cpu}). */
final class RedisMainThreadCpu {

    private RedisMainThreadCpu() {
    }

    static double seconds(RedisCommands<String, String> redis) {
        double seconds = 0;
        for (String line : redis.info("cpu").lines().toList()) {
            if (line.startsWith("used_cpu_user_main_thread:") || line.startsWith("used_cpu_sys_main_thread:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }
}
