package io.agentsafety.core.secrets;

/** A secret could not be read at start; the message names the variable or the failure, never a value. */
public final class SecretsException extends RuntimeException {
    public SecretsException(String message) {
        super(message);
    }
}
