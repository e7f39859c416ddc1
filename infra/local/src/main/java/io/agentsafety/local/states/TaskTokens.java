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
 * Step Functions endpoint).
 */
public final class TaskTokens {

    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    String issue() {
        String token = "local-" + UUID.randomUUID();
        waiting.put(token, new CompletableFuture<>());
        return token;
    }

    /** @return false when no execution waits on this token (unknown, already completed or timed out) */
    public boolean succeed(String token, JsonNode output) {
        CompletableFuture<JsonNode> future = waiting.remove(token);
        return future != null && future.complete(output);
    }

    public boolean fail(String token, String error, String cause) {
        CompletableFuture<JsonNode> future = waiting.remove(token);
        return future != null && future.completeExceptionally(new StatesError(error == null ? "" : error, cause == null ? "" : cause));
    }

    public boolean isWaiting(String token) {
        return waiting.containsKey(token);
    }

    JsonNode await(String token, Duration timeout) throws StatesError {
        CompletableFuture<JsonNode> future = waiting.get(token);
        if (future == null) {
            throw StatesError.runtime("unknown task token");
        }
        try {
            return timeout == null ? future.get() : future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            waiting.remove(token);
            throw new StatesError("States.Timeout", "no SendTaskSuccess/SendTaskFailure within the task's timeout");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatesError error) {
                throw error;
            }
            throw new StatesError("States.TaskFailed", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Timeout", "interrupted");
        }
    }
}
