package io.agentsafety.client;

import java.util.Map;

/** Maps a problem answer to the exception a caller acts on. */
final class Errors {

    private Errors() {
    }

    static SafetyException map(Problem problem, Transport transport) {
        return switch (problem.getStatus()) {
            case 400, 413, 415 -> new InvalidRequestException(problem);
            case 402 -> new BudgetExceededException(problem);
            case 403 -> forbidden(problem, transport);
            case 404 -> new NotFoundException(problem);
            case 409 -> new ConflictException(problem);
            case 429, 500, 502, 503, 504 -> new ServiceUnavailableException(problem);
            default -> new SafetyException(problem);
        };
    }

    /** A 403 that carries a decision (sandbox exec) is a policy outcome; without one it is an authorization failure. */
    private static SafetyException forbidden(Problem problem, Transport transport) {
        Object decision = problem.extensions().get("decision");
        if (decision == null && problem.extensions().get("decisions") instanceof java.util.List<?> list && !list.isEmpty()) {
            decision = list.get(0);
        }
        if (decision instanceof Map<?, ?> map) {
            Decision typed = transport.read(transport.write(map), Decision.class);
            return "require_approval".equals(typed.verdict())
                ? new ApprovalRequiredException(typed, problem)
                : new PolicyDeniedException(typed, problem);
        }
        return new SafetyException(problem);
    }
}
