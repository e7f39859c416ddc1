package io.agentsafety.functions.policy;

import io.agentsafety.audit.AuditedPolicyGate;
import io.agentsafety.core.BodyLimitFilter;
import io.agentsafety.core.JsonContentType;
import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.Decision;
import io.agentsafety.policy.PolicyView;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

/** The policy gate over HTTP: {@code POST /check} decides, {@code GET /policy} shows the effective policy. */
@Controller("/api/v1/safety")
public class PolicyCheckController {

    private final AuditedPolicyGate gate;
    private final PolicyView policyView;
    private final BodyLimitFilter bodyLimit;

    public PolicyCheckController(AuditedPolicyGate gate, PolicyView policyView, BodyLimitFilter bodyLimit) {
        this.gate = gate;
        this.policyView = policyView;
        this.bodyLimit = bodyLimit;
    }

    @Post(uri = "/check", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public Decision check(@Body byte[] body) {
        bodyLimit.check(body);
        return gate.check(JsonFields.parse(body));
    }

    @Get(uri = "/policy", produces = MediaType.APPLICATION_JSON)
    public PolicyView.EffectivePolicy policy() {
        return policyView.effectivePolicy();
    }
}
