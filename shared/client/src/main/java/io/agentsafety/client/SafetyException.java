package io.agentsafety.client;

/**
 * The service answered with an error (a problem+json body) or could not be reached. Subclasses name the
 * outcomes a caller acts on; {@link #status()} is 0 when no HTTP answer arrived (connection refused, timeout).
 */
public class SafetyException extends RuntimeException {

    private final transient Problem problem;

    public SafetyException(Problem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    SafetyException(Problem problem, Throwable cause) {
        super(problem.toString(), cause);
        this.problem = problem;
    }

    /** HTTP status of the answer, 0 when there was none. */
    public int status() {
        return problem.getStatus();
    }

    public String title() {
        return problem.getTitle();
    }

    public String detail() {
        return problem.getDetail();
    }

    /** The whole problem body, with its field errors and extension members. */
    public Problem problem() {
        return problem;
    }
}
