package io.agentsafety.core;

import java.util.List;

/**
 * Thrown anywhere in request handling to answer with a problem document. Messages must never include
 * the values a caller sent (they may be secrets), only field names and what is wrong with them. Field
 * names are kept raw here and made safe when the problem leaves ({@link OutboundProblems}).
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(400, "invalid_request", "Invalid request", invalidDetail(errors), errors));
    }

    /** The detail of a 400: the one field and its message, or how many fields are invalid. */
    static String invalidDetail(List<Problem.FieldError> errors) {
        return errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(Problem.of(404, code, "Not found", detail, null));
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(Problem.of(409, code, "Conflict", detail, null));
    }

    public static ProblemException tooLarge(long limit) {
        return new ProblemException(Problem.of(413, "payload_too_large", "Payload too large",
            "the request body exceeds " + limit + " bytes", null));
    }

    public static ProblemException unavailable(String code, String detail) {
        return new ProblemException(Problem.of(503, code, "Service unavailable", detail, null));
    }
}
