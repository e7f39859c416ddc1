package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The callback tokens of {@code .waitForTaskToken} tasks: an execution waits on its token until someone calls
 * {@code SendTaskSuccess} or {@code SendTaskFailure} with it (locally: the approval functions, through the runner's
 * Step Functions endpoint), as long as the task's {@code TimeoutSeconds} and, between two {@code SendTaskHeartbeat},
 * its {@code HeartbeatSeconds} allow. A token whose task ended (answered, timed out, abandoned) is unknown afterwards,
 * as in AWS ({@code TaskTimedOut} / {@code InvalidToken} for its sender).
 */
public final class TaskTokens {

    /** A waiting task: its result, and when it last showed a sign of life (issue or heartbeat), in nanoTime. */
    private record Waiting(CompletableFuture<JsonNode> result, long[] lastBeat) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    String issue() {
        String token = "local-" + UUID.randomUUID();
        waiting.put(token, new Waiting(new CompletableFuture<>(), new long[]{System.nanoTime()}));
        return token;
    }

    /** @return false when no execution waits on this token (unknown, already completed or timed out) */
    public boolean succeed(String token, JsonNode output) {
        Waiting task = waiting.remove(token);
        return task != null && task.result().complete(output);
    }

    public boolean fail(String token, String error, String cause) {
        Waiting task = waiting.remove(token);
        return task != null && task.result().completeExceptionally(new StatesError(error == null ? "" : error, cause == null ? "" : cause));
    }

    /** {@code SendTaskHeartbeat}: restarts the task's {@code HeartbeatSeconds}; false when nothing waits on it. */
    public boolean heartbeat(String token) {
        Waiting task = waiting.get(token);
        if (task == null) {
            return false;
        }
        synchronized (task.lastBeat()) {
            task.lastBeat()[0] = System.nanoTime();
        }
        return true;
    }

    public boolean isWaiting(String token) {
        return waiting.containsKey(token);
    }

    /**
     * Waits for the token's answer.
     *
     * @param timeout   the task's {@code TimeoutSeconds} (null = none): past it, {@code States.Timeout}
     * @param heartbeat the task's {@code HeartbeatSeconds} (null = none): that long without a heartbeat (counted from
     *                  the token's issue), {@code States.HeartbeatTimeout}
     */
    JsonNode await(String token, Duration timeout, Duration heartbeat) throws StatesError {
        Waiting task = waiting.get(token);
        if (task == null) {
            throw StatesError.runtime("unknown task token");
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long now = System.nanoTime();
                long beatDeadline;
                synchronized (task.lastBeat()) {
                    beatDeadline = heartbeat == null ? Long.MAX_VALUE : task.lastBeat()[0] + heartbeat.toNanos();
                }
                long until = Math.min(deadline, beatDeadline);
                if (until != Long.MAX_VALUE && until - now <= 0) {
                    waiting.remove(token);
                    throw until == deadline
                        ? new StatesError("States.Timeout", "no SendTaskSuccess/SendTaskFailure within the task's TimeoutSeconds")
                        : new StatesError("States.HeartbeatTimeout", "no SendTaskHeartbeat within the task's HeartbeatSeconds");
                }
                try {
                    return until == Long.MAX_VALUE ? task.result().get() : task.result().get(until - now, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // a deadline passed, or a heartbeat moved it: look again
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatesError error) {
                throw error;
            }
            throw new StatesError("States.TaskFailed", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            // the execution abandoned the task (a sibling Map iteration failed): its token is answered by nobody
            waiting.remove(token);
            Thread.currentThread().interrupt();
            throw new StatesError("States.Runtime", "the task was abandoned");
        }
    }
}
