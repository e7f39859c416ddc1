package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.BackendHealth;
import io.agentsafety.sandbox.SandboxBackend;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

/**
 * GET /api/v1/safety/sandbox/health: which backend runs sandboxes, whether it answers and whether commands are
 * isolated. 200 when reachable, 503 (same body) when not, so a load balancer or monitor can use the status alone.
 */
@Controller("/api/v1/safety/sandbox")
public class SandboxHealthController {

    @Serdeable
    public record Health(String backend, boolean reachable, boolean isolated, String detail) {
    }

    private final SandboxBackend backend;

    public SandboxHealthController(SandboxBackend backend) {
        this.backend = backend;
    }

    @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Health> health() {
        BackendHealth h = backend.health();
        Health body = new Health(h.backend(), h.reachable(), h.isolated(), h.detail());
        return (h.reachable() ? HttpResponse.ok(body) : HttpResponse.<Health>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE).body(body))
            .header("Cache-Control", "no-store");
    }
}
