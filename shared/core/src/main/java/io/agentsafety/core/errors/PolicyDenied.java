package io.agentsafety.core.errors;

/** The policy gate denied an action (403 policy_denied): nothing was created or reserved. Never retried. */
public final class PolicyDenied extends DirectInvokeError {

    public PolicyDenied(String problemJson) {
        super(problemJson);
    }
}
