package io.agentsafety.functions.sandbox;

import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.BodyProblems;
import io.agentsafety.core.api.ServerProblems;
import io.agentsafety.sandbox.api.SandboxExecBody;
import io.agentsafety.sandbox.exec.PackageEcosystems;
import io.agentsafety.sandbox.exec.SafeExecute;
import io.agentsafety.sandbox.exec.SandboxExecRequest;
import io.agentsafety.sandbox.exec.SandboxExecResponse;
import io.agentsafety.sandbox.exec.SandboxRefusal;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** POST /api/v1/safety/sandbox/exec: safe execute of one command or a batch. A thin shell over {@link SafeExecute}. */
@Controller("/api/v1/safety/sandbox")
public class SandboxExecController {

    private final SafeExecute safeExecute;
    private final PackageEcosystems ecosystems;
    private final ApplicationContext applicationContext;

    public SandboxExecController(SafeExecute safeExecute, PackageEcosystems ecosystems, ApplicationContext applicationContext) {
        this.safeExecute = safeExecute;
        this.ecosystems = ecosystems;
        this.applicationContext = applicationContext;
    }

    @Operation(operationId = "sandboxExec", summary = "Safe execute: policy, budget, sandbox, redaction, cleanup")
    @ApiResponse(responseCode = "200", description = "Every command run (outputs redacted), the decisions and the cost", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = SandboxExecResponse.class)))
    @ApiResponse(responseCode = "402", description = "The estimate does not fit in the run budget; nothing was created", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = SandboxRefusal.Body.class)))
    @ApiResponse(responseCode = "403", description = "The policy denies an action (forbidden) or an approval is needed (approval_required, with approval.approval_ids); nothing was created", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = SandboxRefusal.Body.class)))
    @BodyProblems
    @ServerProblems
    @Post(uri = "/exec", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public SandboxExecResponse exec(
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = SandboxExecBody.class))) @Body byte[] body) {
        SandboxExecRequest request = SandboxExecRequest.parse(body, ecosystems);
        return safeExecute.execute(request, LambdaDeadline.current(applicationContext));
    }
}
