package io.agentsafety.local;

/**
 * What a function returned for one event: its response JSON, or (when {@code functionError}) the Lambda
 * error document {@code {"errorMessage", "errorType", "stackTrace"}}.
 */
public record Invocation(byte[] payload, boolean functionError, String requestId) {
}
