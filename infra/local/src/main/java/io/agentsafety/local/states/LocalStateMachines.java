package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsafety.local.template.StateMachineDef;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The template's state machines, run by the local runner: executions started by name (the CLI's
 * {@code start-execution}) or through the Step Functions API ({@link StepFunctionsServer}), each on its own thread,
 * with their task tokens resumable by {@code SendTaskSuccess}/{@code SendTaskFailure}.
 */
public final class LocalStateMachines implements AutoCloseable {

    /** A started execution: its ARN, start time, history and (when done) result. */
    public record Started(String executionArn, String machine, String name, Instant startDate, Execution execution,
                          CompletableFuture<Execution.Result> result) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, StateMachineDef> machines;
    private final TaskInvoker tasks;
    private final TaskTokens tokens = new TaskTokens();
    private final Execution.Sleeper sleeper;
    private final String region;
    private final Map<String, Started> executions = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "state-machine");
        t.setDaemon(true);
        return t;
    });

    public LocalStateMachines(Map<String, StateMachineDef> machines, TaskInvoker tasks, String region) {
        this(machines, tasks, region, d -> Thread.sleep(d.toMillis()));
    }

    public LocalStateMachines(Map<String, StateMachineDef> machines, TaskInvoker tasks, String region, Execution.Sleeper sleeper) {
        this.machines = machines;
        this.tasks = tasks;
        this.region = region;
        this.sleeper = sleeper;
    }

    public TaskTokens tokens() {
        return tokens;
    }

    public boolean has(String machine) {
        return machines.containsKey(machine);
    }

    /** The ARN the runner gives a machine: {@code arn:aws:states:<region>:000000000000:stateMachine:<LogicalId>}. */
    public String arn(String machine) {
        return "arn:aws:states:" + region + ":000000000000:stateMachine:" + machine;
    }

    /** The machine named by its logical id or its local ARN; null when there is none. */
    public String machineOf(String reference) {
        String name = reference.startsWith("arn:") ? reference.substring(reference.lastIndexOf(':') + 1) : reference;
        return machines.containsKey(name) ? name : null;
    }

    public Started start(String machine, String name, JsonNode input) throws IOException {
        StateMachineDef def = machines.get(machine);
        if (def == null) {
            throw new IllegalArgumentException("no state machine " + machine + " in the template (have: " + machines.keySet() + ")");
        }
        JsonNode definition = JSON.readTree(def.definition());
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        String arn = "arn:aws:states:" + region + ":000000000000:execution:" + machine + ":" + executionName;
        if (executions.containsKey(arn)) {
            throw new IllegalStateException("ExecutionAlreadyExists");
        }
        Execution execution = new Execution(arn, executionName, definition, input, tasks, tokens, sleeper);
        CompletableFuture<Execution.Result> result = CompletableFuture.supplyAsync(execution::run, threads);
        Started started = new Started(arn, machine, executionName, Instant.now(), execution, result);
        executions.put(arn, started);
        return started;
    }

    public Started describe(String executionArn) {
        return executions.get(executionArn);
    }

    /** Waits for an execution to end (for the CLI and tests). */
    public Execution.Result await(Started started, Duration timeout) throws Exception {
        return started.result().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
