package io.agentsafety.local;

import java.time.Duration;

/**
 * How worker JVMs are sized. The defaults keep ~11 warm functions under 2 GB in total: a small heap, the serial
 * collector, C1 only (like the template's JAVA_TOOL_OPTIONS), small thread stacks and a capped metaspace.
 */
public record WorkerOptions(int heapMb, int maxWorkersPerFunction, Duration initTimeout) {

    public static WorkerOptions defaults() {
        return new WorkerOptions(128, 2, Duration.ofSeconds(60));
    }
}
