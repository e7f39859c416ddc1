package io.agentsafety.local;

import java.time.Duration;

/**
 * How worker JVMs are sized. The defaults keep ~11 warm functions under 2 GB in total: one worker per function
 * (requests to one function queue, as on a Lambda with reserved concurrency 1; raise it for load tests), a small
 * heap, the serial collector, C1 only (like the template's JAVA_TOOL_OPTIONS), small stacks, capped metaspace.
 */
public record WorkerOptions(int heapMb, int maxWorkersPerFunction, Duration initTimeout) {

    public static WorkerOptions defaults() {
        return new WorkerOptions(128, 1, Duration.ofSeconds(60));
    }
}
