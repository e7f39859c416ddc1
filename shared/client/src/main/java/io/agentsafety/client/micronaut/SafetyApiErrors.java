package io.agentsafety.client.micronaut;

import io.agentsafety.client.SafetyException;
import io.agentsafety.client.SafetyExceptions;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

/** Turns the declarative client's error into the client's typed exceptions. */
public final class SafetyApiErrors {

    private SafetyApiErrors() {
    }

    /**
     * The typed exception for an error answer of {@link SafetyApi}: 400/413/415 {@code InvalidRequestException},
     * 402 {@code BudgetExceededException}, 403 with a decision {@code PolicyDeniedException} or
     * {@code ApprovalRequiredException}, 404, 409, and 429/5xx {@code ServiceUnavailableException}.
     */
    public static SafetyException typed(HttpClientResponseException e) {
        return SafetyExceptions.fromAnswer(e.getStatus().getCode(), e.getResponse().getBody(byte[].class).orElse(null));
    }
}
