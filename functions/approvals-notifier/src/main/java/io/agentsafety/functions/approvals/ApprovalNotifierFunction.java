package io.agentsafety.functions.approvals;

import io.agentsafety.approvals.ApprovalSweep;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;

/**
 * The scheduled approval notifier (EventBridge schedule in the template; locally
 * {@code infra/local/invoke.sh ApprovalNotifierFunction}): one {@link ApprovalSweep} pass per invocation, whatever
 * the event. Webhooks and owed callbacks are delivered here, never on a request path.
 */
public class ApprovalNotifierFunction extends MicronautRequestHandler<JsonNode, ApprovalSweep.Report> {

    @Inject
    ApprovalSweep sweep;

    /** Used by the Lambda runtime. */
    public ApprovalNotifierFunction() {
    }

    /** For tests and embedding: runs inside an existing context. */
    public ApprovalNotifierFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public ApprovalSweep.Report execute(JsonNode input) {
        return sweep.run();
    }
}
