package io.agentsafety.functions.sandbox;

import io.agentsafety.core.BodyLimitFilter;
import io.agentsafety.sandbox.exec.PackageEcosystems;
import io.agentsafety.sandbox.exec.SafeExecute;
import io.agentsafety.sandbox.exec.SandboxExecRequest;
import io.agentsafety.sandbox.exec.SandboxExecResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/** POST /api/v1/safety/sandbox/exec: safe execute of one command or a batch. A thin shell over {@link SafeExecute}. */
@Controller("/api/v1/safety/sandbox")
public class SandboxExecController {

    private final SafeExecute safeExecute;
    private final PackageEcosystems ecosystems;
    private final BodyLimitFilter bodyLimit;
    private final ApplicationContext applicationContext;

    public SandboxExecController(SafeExecute safeExecute, PackageEcosystems ecosystems, BodyLimitFilter bodyLimit,
                                 ApplicationContext applicationContext) {
        this.safeExecute = safeExecute;
        this.ecosystems = ecosystems;
        this.bodyLimit = bodyLimit;
        this.applicationContext = applicationContext;
    }

    @Post(uri = "/exec", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public SandboxExecResponse exec(@Body byte[] body) {
        bodyLimit.check(body);
        SandboxExecRequest request = SandboxExecRequest.parse(body, ecosystems);
        return safeExecute.execute(request, LambdaDeadline.current(applicationContext));
    }
}
