package io.agentsafety.functions.audit;

import io.agentsafety.audit.AuditExporter;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;

/**
 * The scheduled export (EventBridge, every 5 minutes): writes the audit entries appended since the last
 * run to stdout, one JSON line each, which on Lambda is this function's CloudWatch log group. The input
 * (the scheduled event) is not used. Redis down fails the invocation with the cursor untouched, so the
 * next run picks up where this one could not.
 */
public class AuditExportFunction extends MicronautRequestHandler<JsonNode, AuditExporter.Result> {

    @Inject
    AuditExporter exporter;

    /** Used by the Lambda runtime: builds its own application context on first use. */
    public AuditExportFunction() {
    }

    /** For tests and embedding: runs inside an existing context. */
    public AuditExportFunction(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    public AuditExporter.Result execute(JsonNode scheduledEvent) {
        return exporter.export(System.out);
    }
}
