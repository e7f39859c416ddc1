package io.agentsafety.sandbox.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.policy.Decision;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A safe execute refused before anything was created or reserved: 403 (policy: denied, or approval required) or
 * 402 (budget). The body is a problem document (RFC 9457) extended with the decisions, or the budget state,
 * that caused it. Rendered by each function as {@code application/problem+json}.
 */
public class SandboxRefusal extends RuntimeException {

    /**
     * @param decisions the decisions that refused (deny or require approval), in the request's order
     * @param approval  for require-approval: what a human has to approve (action type, decision ids)
     * @param budget    for 402: the run's budget as the ledger saw it
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String type, String title, int status, String detail, String code,
                       @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<Decision> decisions,
                       @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Approval approval,
                       @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("decision_ids") List<String> decisionIds,
                       @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Map<String, Object> budget) {
    }

    /**
     * @param decisionIds the decisions awaiting a human
     * @param approvalIds every approval the retry needs (pending ones to grant, approved ones kept unused): approve them,
     *                    then send the same request with {@code "approval_ids"} = this list
     */
    @Serdeable
    public record Approval(boolean required, @JsonProperty("decision_ids") List<String> decisionIds,
                           @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String reason,
                           @JsonProperty("approval_ids") List<String> approvalIds) {
    }

    private final transient Body body;

    public SandboxRefusal(Body body) {
        super(body.title() + ": " + body.detail(), null, false, false);
        this.body = body;
    }

    public Body body() {
        return body;
    }

    public int status() {
        return body.status();
    }

    static SandboxRefusal policy(String code, String detail, List<Decision> refusing, Approval approval, List<String> allIds) {
        return new SandboxRefusal(new Body("https://agentsafety.io/problems/" + code,
            "approval_required".equals(code) ? "Approval required" : "Forbidden by policy", 403, detail, code, refusing,
            approval, allIds, null));
    }

    static SandboxRefusal budget(String code, String detail, Map<String, Object> budget) {
        return new SandboxRefusal(new Body("https://agentsafety.io/problems/" + code, "Payment required", 402, detail, code,
            null, null, null, budget));
    }
}
