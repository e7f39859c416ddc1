package io.agentsafety.core.errors;

/** A dependency (Redis, the sandbox backend) is down or rate limiting (503/429): retry with backoff. */
public final class DependencyUnavailable extends DirectInvokeError {

    public DependencyUnavailable(String problemJson) {
        super(problemJson);
    }
}
