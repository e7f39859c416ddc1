package io.agentsafety.core;

import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The one door every problem document leaves through (the exception handlers, the framework's error
 * processor, direct invokes): {@code detail}, each {@code errors[].field} and {@code errors[].message} pass
 * through the {@link TextScrubber} and are bounded ({@link OutboundText}). Problems carry caller-controlled
 * text (unknown or duplicate keys, {@code env.<key>}, URL paths, method names) and any of it can be a secret.
 * At most {@link #MAX_ERRORS} field errors are listed, so a body of a million unknown keys cannot produce
 * an answer larger than Lambda's 6 MB response limit.
 */
@Singleton
public class OutboundProblems {

    public static final int MAX_ERRORS = 100;

    private final TextScrubber scrubber;

    public OutboundProblems(TextScrubber scrubber) {
        this.scrubber = scrubber;
    }

    public TextScrubber scrubber() {
        return scrubber;
    }

    public MutableHttpResponse<Problem> render(Problem problem) {
        return ProblemResponses.of(scrub(problem));
    }

    /** The problem as it may be shown: scrubbed, bounded, at most {@link #MAX_ERRORS} errors. */
    public Problem scrub(Problem problem) {
        List<Problem.FieldError> errors = null;
        String detail;
        if (problem.errors() != null) {
            errors = new ArrayList<>(Math.min(problem.errors().size(), MAX_ERRORS));
            for (Problem.FieldError error : problem.errors().subList(0, Math.min(problem.errors().size(), MAX_ERRORS))) {
                errors.add(new Problem.FieldError(OutboundText.fieldPath(error.field(), scrubber),
                    OutboundText.text(error.message(), scrubber, OutboundText.MAX_TEXT)));
            }
        }
        if (errors != null && problem.detail() != null && problem.detail().equals(ProblemException.invalidDetail(problem.errors()))) {
            // the detail quotes the (only) field: derive it again from the scrubbed, bounded field
            int count = problem.errors().size();
            detail = count == 1 ? ProblemException.invalidDetail(errors)
                : count + " fields are invalid" + (count > MAX_ERRORS ? " (the first " + MAX_ERRORS + " are listed)" : "");
        } else {
            detail = OutboundText.text(problem.detail(), scrubber, OutboundText.MAX_TEXT);
        }
        // the idempotency key is the service's own random id for the call, never caller text
        return new Problem(problem.type(), problem.title(), problem.status(), detail, problem.code(), errors, problem.idempotencyKey());
    }

    /** The same problem, scrubbed, as the exception a direct (non-HTTP) invoke fails with. */
    public ProblemException scrub(ProblemException exception) {
        return new ProblemException(scrub(exception.problem()));
    }
}
