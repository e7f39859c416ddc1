package io.agentsafety.client;

import java.util.List;

/** 400: the request was malformed; {@link #fieldErrors()} names every bad field. Never retried. */
public class InvalidRequestException extends SafetyException {

    public InvalidRequestException(Problem problem) {
        super(problem);
    }

    public List<Problem.FieldError> fieldErrors() {
        return problem().getErrors();
    }
}
