package io.agentsafety.client;

/** 409: the request conflicts with the current state (an idempotency key reused with other parameters, a budget
 * created twice with another limit, an approval already decided). */
public class ConflictException extends SafetyException {

    public ConflictException(Problem problem) {
        super(problem);
    }
}
