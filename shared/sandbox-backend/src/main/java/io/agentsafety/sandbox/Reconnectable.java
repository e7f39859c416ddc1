package io.agentsafety.sandbox;

import io.agentsafety.sandbox.Sandbox;

/**
 * A backend that can hand out a live sandbox by id in a later invocation (Step Functions runs one command per
 * invocation). Not part of the {@link io.agentsafety.sandbox.SandboxBackend} contract because only the batch steps
 * need it; a backend without it makes the run step answer 503 {@code sandbox_reconnect_unsupported}.
 */
public interface Reconnectable {

    /** The sandbox, or {@link io.agentsafety.sandbox.SandboxException.Kind#NOT_FOUND} when it is gone. */
    Sandbox connect(String sandboxId);
}
