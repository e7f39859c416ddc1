package io.agentsafety.core.aws;

/** A call to AWS could not be made (no credentials, a bad credentials endpoint answer); never carries a secret. */
public final class AwsCallException extends RuntimeException {
    public AwsCallException(String message) {
        super(message);
    }
}
