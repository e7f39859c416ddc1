package io.agentsafety.local;

/**
 * What a function returned for one event: its response JSON, or (when {@code functionError}) the Lambda
 * error document {@code {"errorMessage", "errorType", "stackTrace"}}. {@code handlerNanos}: the time the handler ran in
 * its worker (the rest of a request's time is the runner's and the transport's).
 */
public record Invocation(byte[] payload, boolean functionError, String requestId, long handlerNanos) {
}
