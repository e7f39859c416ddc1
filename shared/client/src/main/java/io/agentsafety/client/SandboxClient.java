package io.agentsafety.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Safe execution ({@code POST /api/v1/safety/sandbox/exec}): policy check of every command, budget reservation,
 * an isolated sandbox, redacted output, the measured cost committed, the sandbox killed whatever happens.
 * Never retried automatically: the commands may have run.
 */
public final class SandboxClient {

    private final Transport transport;

    SandboxClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * Runs one command.
     *
     * @throws PolicyDeniedException      the command was denied (nothing ran, nothing was reserved)
     * @throws ApprovalRequiredException  the command needs an approval first
     * @throws BudgetExceededException    the run cannot afford the reservation
     */
    public SandboxResult safeExecute(String runId, String command, SandboxOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("command", command);
        options.writeTo(body);
        return send(body);
    }

    /** Runs several commands in one sandbox, in order (stopping at the first failure unless told otherwise). */
    public SandboxResult safeExecuteBatch(String runId, List<String> commands, SandboxOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("commands", List.copyOf(commands));
        options.writeTo(body);
        return send(body);
    }

    private SandboxResult send(Map<String, Object> body) {
        Transport.Answer answer = transport.exchange("POST", "/sandbox/exec", body, Transport.Retry.NEVER);
        return transport.read(answer.body(), SandboxResult.class);
    }
}
