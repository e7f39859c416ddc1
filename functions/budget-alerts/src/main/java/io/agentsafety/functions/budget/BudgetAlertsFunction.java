package io.agentsafety.functions.budget;

import io.agentsafety.budget.AlertDelivery;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;

/**
 * The scheduled budget alert delivery (EventBridge schedule in the template; locally
 * {@code infra/local/invoke.sh BudgetAlertsFunction --event infra/events/budget-alerts.json}): one
 * {@link AlertDelivery} run per invocation, whatever the event. Alerts are posted here, never on a request path.
 */
public class BudgetAlertsFunction extends MicronautRequestHandler<JsonNode, AlertDelivery.Report> {

    @Inject
    AlertDelivery delivery;

    /** Used by the Lambda runtime. */
    public BudgetAlertsFunction() {
    }

    /** For tests and embedding: runs inside an existing context. */
    public BudgetAlertsFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public AlertDelivery.Report execute(JsonNode input) {
        return delivery.run();
    }
}
