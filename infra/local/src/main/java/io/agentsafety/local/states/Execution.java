package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution of an Amazon States Language definition, run locally: Task (with {@code .waitForTaskToken}),
 * Choice, Map, Pass, Wait, Fail and Succeed states; InputPath, Parameters, ResultSelector, ResultPath and OutputPath;
 * Retry (interval, backoff, max delay, full jitter) and Catch. Enough of the language for this project's state
 * machines, with AWS's semantics where it has them; {@link #history()} lists every state entered, in order, so
 * tests can prove a cleanup ran.
 */
public final class Execution {

    /** Waits of Retry and Wait states; tests substitute one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** SUCCEEDED with its output, or FAILED with the error and cause. */
    public record Result(String status, JsonNode output, String error, String cause) {
        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_TRANSITIONS = 25_000; // AWS's history limit, so a loop cannot run forever

    private final String executionArn;
    private final String name;
    private final JsonNode definition;
    private final JsonNode input;
    private final TaskInvoker tasks;
    private final TaskTokens tokens;
    private final Sleeper sleeper;
    private final Instant startTime = Instant.now();
    private final List<String> history = new CopyOnWriteArrayList<>();

    public Execution(String executionArn, String name, JsonNode definition, JsonNode input, TaskInvoker tasks,
                     TaskTokens tokens, Sleeper sleeper) {
        this.executionArn = executionArn;
        this.name = name;
        this.definition = definition;
        this.input = input;
        this.tasks = tasks;
        this.tokens = tokens;
        this.sleeper = sleeper;
    }

    public List<String> history() {
        return List.copyOf(history);
    }

    public Result run() {
        try {
            return new Result("SUCCEEDED", runMachine(definition, input, null), null, null);
        } catch (StatesError e) {
            return new Result("FAILED", null, e.error(), e.cause());
        }
    }

    /** A state machine or a Map iteration's processor: StartAt + States. */
    private JsonNode runMachine(JsonNode machine, JsonNode machineInput, ObjectNode mapContext) throws StatesError {
        JsonNode states = machine.get("States");
        String current = text(machine, "StartAt");
        JsonNode data = machineInput;
        for (int transitions = 0; ; transitions++) {
            if (transitions > MAX_TRANSITIONS) {
                throw StatesError.runtime("more than " + MAX_TRANSITIONS + " state transitions");
            }
            JsonNode state = states == null ? null : states.get(current);
            if (state == null) {
                throw StatesError.runtime("no state named '" + current + "'");
            }
            history.add(current);
            Step step = runState(current, state, data, mapContext);
            if (step.next == null) {
                return step.output;
            }
            data = step.output;
            current = step.next;
        }
    }

    /** Where a state leads: the next state's name (null = the machine ends) and the data it passes on. */
    private record Step(String next, JsonNode output) {
    }

    private static String failText(JsonNode state, String field, JsonNode input, ObjectNode mapContext, String fallback)
            throws StatesError {
        if (state.hasNonNull(field + "Path")) {
            JsonNode value = JsonPaths.read(state.get(field + "Path").asText(), input, mapContext);
            if (value == null || !value.isTextual()) {
                throw StatesError.runtime(field + "Path of a Fail state must select a string");
            }
            return value.asText();
        }
        return state.path(field).asText(fallback);
    }

    private Step runState(String stateName, JsonNode state, JsonNode rawInput, ObjectNode mapContext) throws StatesError {
        String type = text(state, "Type");
        switch (type) {
            case "Succeed":
                return new Step(null, outputPath(state, inputPath(state, rawInput)));
            case "Fail":
                // ErrorPath / CausePath (a reference path into the state's input) win over the static Error / Cause
                throw new StatesError(failText(state, "Error", rawInput, mapContext, "States.Fail"),
                    failText(state, "Cause", rawInput, mapContext, ""));
            case "Choice":
                return choice(state, rawInput, mapContext);
            default:
                break;
        }
        List<int[]> retryCounts = new ArrayList<>();
        JsonNode retriers = state.path("Retry");
        for (int i = 0; i < retriers.size(); i++) {
            retryCounts.add(new int[]{0});
        }
        while (true) {
            try {
                JsonNode effective = inputPath(state, rawInput);
                ObjectNode context = context(stateName, rawInput, mapContext, retryCounts,
                    type.equals("Task") && state.path("Resource").asText().endsWith(".waitForTaskToken"));
                JsonNode result = switch (type) {
                    case "Pass" -> state.has("Result") ? state.get("Result") : parameters(state, effective, context);
                    case "Wait" -> waitState(state, effective, context);
                    case "Task" -> task(state, parameters(state, effective, context), context);
                    case "Map" -> map(state, effective, context);
                    default -> throw StatesError.runtime("state type " + type + " is not supported by the local runner");
                };
                if (state.has("ResultSelector") && !type.equals("Pass") && !type.equals("Wait")) {
                    result = PayloadTemplate.apply(state.get("ResultSelector"), result, context);
                }
                JsonNode output = type.equals("Wait") ? result : resultPath(state, rawInput, result);
                return new Step(end(state) ? null : text(state, "Next"), outputPath(state, output));
            } catch (StatesError error) {
                Duration delay = retryDelay(state.path("Retry"), retryCounts, error);
                if (delay != null) {
                    sleep(delay);
                    continue;
                }
                for (JsonNode catcher : state.path("Catch")) {
                    if (matches(catcher.path("ErrorEquals"), error)) {
                        ObjectNode errorOutput = NODES.objectNode().put("Error", error.error()).put("Cause", error.cause());
                        String resultPath = catcher.has("ResultPath") ? catcher.get("ResultPath").asText(null) : "$";
                        JsonNode output = resultPath == null ? rawInput : JsonPaths.write(resultPath, rawInput, errorOutput);
                        return new Step(text(catcher, "Next"), output);
                    }
                }
                throw error;
            }
        }
    }

    private Step choice(JsonNode state, JsonNode rawInput, ObjectNode mapContext) throws StatesError {
        JsonNode effective = inputPath(state, rawInput);
        ObjectNode context = context("", rawInput, mapContext, List.of(), false);
        for (JsonNode rule : state.path("Choices")) {
            if (ChoiceRules.matches(rule, effective, context)) {
                return new Step(text(rule, "Next"), outputPath(state, effective));
            }
        }
        if (state.has("Default")) {
            return new Step(text(state, "Default"), outputPath(state, effective));
        }
        throw new StatesError("States.NoChoiceMatched", "no Choice rule matched and there is no Default");
    }

    private JsonNode task(JsonNode state, JsonNode parameters, ObjectNode context) throws StatesError {
        String resource = text(state, "Resource");
        Duration timeout = state.has("TimeoutSeconds") ? Duration.ofSeconds(state.get("TimeoutSeconds").asLong()) : null;
        if (resource.endsWith(".waitForTaskToken")) {
            String token = context.path("Task").path("Token").asText();
            Duration heartbeat = state.has("HeartbeatSeconds") ? Duration.ofSeconds(state.get("HeartbeatSeconds").asLong()) : null;
            tasks.invoke(resource, parameters);
            return tokens.await(token, timeout, heartbeat);
        }
        if (timeout == null) {
            return tasks.invoke(resource, parameters);
        }
        ExecutorService single = Executors.newSingleThreadExecutor(r -> new Thread(r, "task-" + name));
        try {
            Future<JsonNode> future = single.submit(() -> tasks.invoke(resource, parameters));
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StatesError("States.Timeout", "the task did not finish within TimeoutSeconds");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof StatesError error) {
                throw error;
            }
            throw new StatesError("States.TaskFailed", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.TaskFailed", "interrupted");
        } finally {
            single.shutdownNow();
        }
    }

    private JsonNode map(JsonNode state, JsonNode effective, ObjectNode context) throws StatesError {
        String itemsPath = state.path("ItemsPath").asText("$");
        JsonNode items = JsonPaths.require(itemsPath, effective, context);
        if (!items.isArray()) {
            throw StatesError.runtime("ItemsPath '" + itemsPath + "' is not an array");
        }
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        if (processor == null) {
            throw StatesError.runtime("a Map state needs ItemProcessor");
        }
        JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
        int max = state.path("MaxConcurrency").asInt(0);
        int threads = Math.max(1, Math.min(items.size(), max == 0 ? 8 : max));
        List<JsonNode> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "map-" + name));
        try {
            List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
            // a failed iteration fails the Map at once: iterations not started yet are not started, running ones are
            // abandoned (the pool is interrupted below, which also ends their waits on task tokens), as in AWS
            java.util.concurrent.atomic.AtomicReference<StatesError> failed = new java.util.concurrent.atomic.AtomicReference<>();
            CompletableFuture<Void> firstFailure = new CompletableFuture<>();
            for (int i = 0; i < items.size(); i++) {
                ObjectNode itemContext = context.deepCopy();
                itemContext.putObject("Map").putObject("Item").put("Index", i).set("Value", items.get(i));
                JsonNode itemInput = selector == null ? items.get(i) : PayloadTemplate.apply(selector, effective, itemContext);
                ObjectNode mapContext = (ObjectNode) itemContext.get("Map");
                CompletableFuture<JsonNode> iteration = new CompletableFuture<>();
                futures.add(iteration);
                pool.submit(() -> {
                    try {
                        if (failed.get() != null) {
                            throw failed.get();
                        }
                        iteration.complete(runMachine(processor, itemInput, mapContext));
                    } catch (StatesError e) {
                        failed.compareAndSet(null, e);
                        iteration.completeExceptionally(e);
                        firstFailure.complete(null);
                    } catch (RuntimeException e) {
                        iteration.completeExceptionally(e);
                        firstFailure.complete(null);
                    }
                });
            }
            CompletableFuture.anyOf(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)), firstFailure).get();
            if (failed.get() != null) {
                throw failed.get();
            }
            for (CompletableFuture<JsonNode> future : futures) {
                results.add(future.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof StatesError error) {
                throw error;
            }
            throw new StatesError("States.Runtime", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Runtime", "interrupted");
        } finally {
            pool.shutdownNow();
        }
        ArrayNode out = NODES.arrayNode();
        results.forEach(out::add);
        return out;
    }

    private JsonNode waitState(JsonNode state, JsonNode effective, ObjectNode context) throws StatesError {
        Duration wait;
        if (state.has("Seconds")) {
            wait = Duration.ofSeconds(state.get("Seconds").asLong());
        } else if (state.has("SecondsPath")) {
            wait = Duration.ofSeconds(JsonPaths.require(state.get("SecondsPath").asText(), effective, context).asLong());
        } else {
            String at = state.has("Timestamp") ? state.get("Timestamp").asText()
                : JsonPaths.require(text(state, "TimestampPath"), effective, context).asText();
            wait = Duration.between(Instant.now(), OffsetDateTime.parse(at).toInstant());
        }
        if (!wait.isNegative()) {
            sleep(wait);
        }
        return effective;
    }

    /** The delay before the next try when a retrier matches and has attempts left, else null. */
    private static Duration retryDelay(JsonNode retriers, List<int[]> counts, StatesError error) {
        for (int i = 0; i < retriers.size(); i++) {
            JsonNode retrier = retriers.get(i);
            if (!matches(retrier.path("ErrorEquals"), error)) {
                continue;
            }
            int attempts = counts.get(i)[0];
            if (attempts >= retrier.path("MaxAttempts").asInt(3)) {
                return null; // the first matching retrier decides, as in AWS
            }
            counts.get(i)[0]++;
            double seconds = retrier.path("IntervalSeconds").asDouble(1) * Math.pow(retrier.path("BackoffRate").asDouble(2.0), attempts);
            if (retrier.has("MaxDelaySeconds")) {
                seconds = Math.min(seconds, retrier.get("MaxDelaySeconds").asDouble());
            }
            if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
                seconds = ThreadLocalRandom.current().nextDouble() * seconds;
            }
            return Duration.ofMillis((long) (seconds * 1000));
        }
        return null;
    }

    static boolean matches(JsonNode errorEquals, StatesError error) {
        for (JsonNode name : errorEquals) {
            String n = name.asText();
            if (n.equals(error.error())) {
                return true;
            }
            boolean runtime = error.error().equals("States.Runtime") || error.error().equals("States.DataLimitExceeded");
            if (n.equals("States.ALL") && !runtime) {
                return true;
            }
            // a heartbeat timeout is a kind of timeout: States.Timeout catches both, as in AWS
            if (n.equals("States.Timeout") && error.error().equals("States.HeartbeatTimeout")) {
                return true;
            }
            if (n.equals("States.TaskFailed") && !runtime && !error.error().equals("States.Timeout")
                && !error.error().equals("States.HeartbeatTimeout")) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode context(String stateName, JsonNode rawInput, ObjectNode mapContext, List<int[]> retryCounts,
                               boolean callback) {
        ObjectNode context = NODES.objectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", executionArn).put("Name", name).put("StartTime", startTime.toString()).set("Input", input);
        context.putObject("StateMachine").put("Id", executionArn.replace(":execution:", ":stateMachine:"));
        int retries = retryCounts.stream().mapToInt(c -> c[0]).sum();
        context.putObject("State").put("Name", stateName).put("EnteredTime", Instant.now().toString()).put("RetryCount", retries);
        if (callback) {
            context.putObject("Task").put("Token", tokens.issue());
        }
        if (mapContext != null) {
            context.set("Map", mapContext);
        }
        return context;
    }

    private static JsonNode parameters(JsonNode state, JsonNode effective, ObjectNode context) throws StatesError {
        return state.has("Parameters") ? PayloadTemplate.apply(state.get("Parameters"), effective, context) : effective;
    }

    private static JsonNode inputPath(JsonNode state, JsonNode rawInput) throws StatesError {
        if (!state.has("InputPath")) {
            return rawInput;
        }
        JsonNode path = state.get("InputPath");
        return path.isNull() ? NODES.objectNode() : JsonPaths.require(path.asText(), rawInput, NODES.objectNode());
    }

    private static JsonNode resultPath(JsonNode state, JsonNode rawInput, JsonNode result) throws StatesError {
        if (!state.has("ResultPath")) {
            return result;
        }
        JsonNode path = state.get("ResultPath");
        return path.isNull() ? rawInput : JsonPaths.write(path.asText(), rawInput, result);
    }

    private static JsonNode outputPath(JsonNode state, JsonNode output) throws StatesError {
        if (!state.has("OutputPath")) {
            return output;
        }
        JsonNode path = state.get("OutputPath");
        return path.isNull() ? NODES.objectNode() : JsonPaths.require(path.asText(), output, NODES.objectNode());
    }

    private static boolean end(JsonNode state) {
        return state.path("End").asBoolean(false);
    }

    private static String text(JsonNode node, String field) throws StatesError {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw StatesError.runtime("missing " + field);
        }
        return value.asText();
    }

    private void sleep(Duration duration) throws StatesError {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Runtime", "interrupted");
        }
    }
}
