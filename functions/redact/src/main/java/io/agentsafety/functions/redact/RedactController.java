package io.agentsafety.functions.redact;

import io.agentsafety.core.BodyLimitFilter;
import io.agentsafety.core.JsonContentType;
import io.agentsafety.core.JsonFields;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/** {@code POST /api/v1/safety/redact}: removes secrets from text. */
@Controller("/api/v1/safety")
public class RedactController {

    private final BoundedRedaction redaction;
    private final RedactRequests requests;
    private final BodyLimitFilter bodyLimit;

    public RedactController(BoundedRedaction redaction, RedactRequests requests, BodyLimitFilter bodyLimit) {
        this.redaction = redaction;
        this.requests = requests;
        this.bodyLimit = bodyLimit;
    }

    @Post(uri = "/redact", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public RedactResponse redact(@Body byte[] body) {
        bodyLimit.check(body);
        RedactRequests.Parsed parsed = requests.parse(JsonFields.parse(body));
        // behind API Gateway the body travels as a JSON string inside the Lambda response
        return redaction.redact(parsed, true);
    }
}
