package io.agentsafety.client;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads a problem answer and maps it to the exception a caller acts on (shared by the facade and the declarative API). */
final class Errors {

    private Errors() {
    }

    /** The problem body of an error answer; a body that is not one (an API Gateway message) keeps only the status. */
    static Problem problem(int status, byte[] bytes, ObjectMapper json) {
        if (bytes != null && bytes.length > 0) {
            try {
                Problem problem = json.readValue(bytes, Problem.class);
                if (problem.getStatus() == 0) {
                    problem.setStatus(status);
                }
                return problem;
            } catch (IOException | RuntimeException ignored) {
                // not a problem body (e.g. an API Gateway 'Forbidden' message): keep only the status
            }
        }
        int length = bytes == null ? 0 : Math.min(bytes.length, 200);
        return Problem.of(status, "HTTP " + status, length == 0 ? null : new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    static SafetyException map(Problem problem, ObjectMapper json) {
        return switch (problem.getStatus()) {
            case 400, 413, 415 -> new InvalidRequestException(problem);
            case 402 -> new BudgetExceededException(problem);
            case 403 -> forbidden(problem, json);
            case 404 -> new NotFoundException(problem);
            case 409 -> new ConflictException(problem);
            case 429, 500, 502, 503, 504 -> new ServiceUnavailableException(problem);
            default -> new SafetyException(problem);
        };
    }

    /** A 403 that carries a decision (sandbox exec) is a policy outcome; without one it is an authorization failure. */
    private static SafetyException forbidden(Problem problem, ObjectMapper json) {
        Object decision = problem.extensions().get("decision");
        if (decision == null && problem.extensions().get("decisions") instanceof java.util.List<?> list && !list.isEmpty()) {
            decision = list.get(0);
        }
        if (decision instanceof Map<?, ?> map) {
            Decision typed;
            try {
                typed = json.readValue(json.writeValueAsBytes(map), Decision.class);
            } catch (IOException e) {
                return new SafetyException(problem);
            }
            return "require_approval".equals(typed.verdict())
                ? new ApprovalRequiredException(typed, problem)
                : new PolicyDeniedException(typed, problem);
        }
        return new SafetyException(problem);
    }
}
