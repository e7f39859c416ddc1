package io.agentsafety.functions.policy;

import io.agentsafety.audit.AuditedPolicyGate;
import io.agentsafety.core.DirectInvokeHandler;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.ProblemException;
import io.agentsafety.policy.Decision;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;

/**
 * The policy gate for direct Lambda invokes (Step Functions Task states): input is the check request
 * JSON, output the decision JSON. An invalid request fails the invocation with a
 * {@link ProblemException} whose message names the fields, so a state machine can Catch it.
 */
public class PolicyCheckFunction extends DirectInvokeHandler<JsonNode, Decision> {

    @Inject
    AuditedPolicyGate gate;

    /** Used by the Lambda runtime: builds its own application context on first use. */
    public PolicyCheckFunction() {
    }

    /** For tests and embedding: runs inside an existing context. */
    public PolicyCheckFunction(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    protected Decision handle(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        return gate.check(JsonFields.of(input));
    }
}
