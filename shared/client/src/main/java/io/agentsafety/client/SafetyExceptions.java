package io.agentsafety.client;

import io.micronaut.serde.ObjectMapper;

/** Maps any error answer of the service (status + body) to the client's typed exceptions. */
public final class SafetyExceptions {

    private static final ObjectMapper JSON = ObjectMapper.getDefault();

    private SafetyExceptions() {
    }

    /** The typed exception for an error answer: its problem+json body read, or only the status when it is none. */
    public static SafetyException fromAnswer(int status, byte[] body) {
        return Errors.map(Errors.problem(status, body, JSON), JSON);
    }
}
