package io.agentsafety.sandbox.exec;

import io.agentsafety.core.ProblemException;
import io.agentsafety.sandbox.SandboxException;

/** Maps a backend failure to the answer: the caller's mistake (a path) is a 400, anything else a 503 — never a 500. */
final class SandboxFailures {

    private SandboxFailures() {
    }

    static ProblemException toProblem(SandboxException e, String field) {
        return switch (e.kind()) {
            case INVALID -> ProblemException.invalid(field == null ? "body" : field, e.getMessage());
            case TOO_LARGE -> ProblemException.invalid(field == null ? "body" : field, e.getMessage());
            case UNAUTHORIZED -> ProblemException.unavailable("sandbox_backend_unauthorized",
                "the sandbox backend refused this service's credentials; nothing was charged");
            case RATE_LIMITED -> ProblemException.unavailable("sandbox_backend_rate_limited",
                "the sandbox backend is rate limiting; retry later");
            case NOT_FOUND -> ProblemException.unavailable("sandbox_gone",
                "the sandbox disappeared while it was in use (killed or expired)");
            case TIMEOUT, UNAVAILABLE -> ProblemException.unavailable("sandbox_backend_unavailable",
                "the sandbox backend is unavailable; retry later");
        };
    }

    /** For the audit: a problem's code (or its title), else the exception's class; never a message (it may hold secrets). */
    static String describe(RuntimeException e) {
        if (e instanceof ProblemException problem) {
            return problem.problem().code() != null ? problem.problem().code() : problem.problem().title();
        }
        return e.getClass().getSimpleName();
    }
}
