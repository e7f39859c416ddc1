package io.agentsafety.functions.sandbox;

import io.agentsafety.core.Problem;
import io.agentsafety.sandbox.exec.SandboxRefusal;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A refused safe execute (403 policy, 402 budget) as {@code application/problem+json} with its decisions. */
@Singleton
public class SandboxRefusalHandler implements ExceptionHandler<SandboxRefusal, HttpResponse<SandboxRefusal.Body>> {

    @Override
    public HttpResponse<SandboxRefusal.Body> handle(HttpRequest request, SandboxRefusal refusal) {
        return HttpResponse.<SandboxRefusal.Body>status(HttpStatus.valueOf(refusal.status()))
            .body(refusal.body())
            .contentType(Problem.MEDIA_TYPE)
            .header("Cache-Control", "no-store");
    }
}
