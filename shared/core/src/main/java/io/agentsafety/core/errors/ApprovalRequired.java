package io.agentsafety.core.errors;

/** An action needs a human approval (403 approval_required): nothing was created or reserved. */
public final class ApprovalRequired extends DirectInvokeError {

    public ApprovalRequired(String problemJson) {
        super(problemJson);
    }
}
