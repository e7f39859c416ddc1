package io.agentsafety.functions.sandbox;

import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.sandbox.BackendHealth;
import io.agentsafety.sandbox.SandboxBackend;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * GET /api/v1/safety/sandbox/health: which backend runs sandboxes, whether it answers and whether commands are
 * isolated. 200 when reachable, 503 (same body) when not, so a load balancer or monitor can use the status alone.
 */
@Controller("/api/v1/safety/sandbox")
public class SandboxHealthController {

    @Serdeable
    public record Health(String backend, boolean reachable, boolean isolated, @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String detail) {
    }

    private final SandboxBackend backend;

    public SandboxHealthController(SandboxBackend backend) {
        this.backend = backend;
    }

    @Operation(operationId = "sandboxHealth", summary = "Which backend runs sandboxes, whether it answers and isolates")
    @ApiResponse(responseCode = "200", description = "Reachable", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = Health.class)))
    @ApiResponse(responseCode = "503", description = "Not reachable (same body), so a monitor can use the status alone", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = Health.class)))
    @ApiResponse(responseCode = "500", description = "Internal error; the detail never carries the cause", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Health> health() {
        BackendHealth h = backend.health();
        Health body = new Health(h.backend(), h.reachable(), h.isolated(), h.detail());
        return (h.reachable() ? HttpResponse.ok(body) : HttpResponse.<Health>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE).body(body))
            .header("Cache-Control", "no-store");
    }
}
