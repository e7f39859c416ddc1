package io.agentsafety.core.errors;

/**
 * The error a direct (Step Functions) invoke fails with. The Java Lambda runtime reports a thrown exception as
 * {@code errorType} = its class's full name and {@code errorMessage} = its message, so each problem kind is its own
 * small class in this package (the {@code ErrorEquals} strings of a state machine are these names, e.g.
 * {@code io.agentsafety.core.errors.PolicyDenied}) and the message is the problem JSON, already scrubbed.
 * No stack trace is captured: it would only repeat framework frames in the execution history.
 */
public abstract class DirectInvokeError extends RuntimeException {

    /** The HTTP status of the problem (several statuses share a class: 400/413/415/422, 429/503); 500 if unknown. */
    private int status = 500;

    protected DirectInvokeError(String problemJson) {
        super(problemJson, null, false, false);
    }

    /**
     * The error for a problem of this HTTP status and code (the table of infra/statemachine/README.md).
     *
     * @param json the problem document, scrubbed, as JSON text
     */
    public static DirectInvokeError of(int status, String code, String json) {
        DirectInvokeError error = switch (status) {
            case 400, 413, 415, 422 -> new InvalidRequest(json);
            case 402 -> new BudgetExceeded(json);
            case 403 -> "approval_required".equals(code) ? new ApprovalRequired(json) : new PolicyDenied(json);
            case 404 -> new NotFound(json);
            case 409 -> new Conflict(json);
            case 429, 503 -> new DependencyUnavailable(json);
            default -> new UnexpectedError(json);
        };
        error.status = status;
        return error;
    }

    /** The status of the problem this error carries (the metrics' {@code Errors} dimension). */
    public int status() {
        return status;
    }
}
