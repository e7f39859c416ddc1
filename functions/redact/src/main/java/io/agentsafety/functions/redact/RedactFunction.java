package io.agentsafety.functions.redact;

import io.agentsafety.core.DirectInvokeHandler;
import io.agentsafety.core.JsonFields;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;

/**
 * Redaction for direct Lambda invokes (Step Functions, other functions): input is the redact request
 * JSON, output the redact response. An invalid request fails the invocation with a ProblemException
 * naming the fields.
 */
public class RedactFunction extends DirectInvokeHandler<JsonNode, RedactResponse> {

    @Inject
    BoundedRedaction redaction;

    @Inject
    RedactRequests requests;

    /** Used by the Lambda runtime: builds its own application context on first use. */
    public RedactFunction() {
    }

    /** For tests and embedding: runs inside an existing context. */
    public RedactFunction(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    protected RedactResponse handle(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw RedactRequests.notAnObject();
        }
        RedactRequests.Parsed parsed = requests.parse(JsonFields.of(input));
        return redaction.redact(parsed, false);
    }
}
