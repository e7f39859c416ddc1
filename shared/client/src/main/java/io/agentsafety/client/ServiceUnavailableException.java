package io.agentsafety.client;

/**
 * The service could not decide: 503 (a dependency such as Redis is down; a mutating call
 * may have been applied when its reply was lost, so retry it with the same idempotency key — for a budget call sent
 * without one, the key in the problem's {@code idempotency_key} extension), 429 (throttled), 5xx, a timeout or no connection. Thrown after the configured retries.
 */
public class ServiceUnavailableException extends SafetyException {

    public ServiceUnavailableException(Problem problem) {
        super(problem);
    }

    ServiceUnavailableException(Problem problem, Throwable cause) {
        super(problem, cause);
    }
}
