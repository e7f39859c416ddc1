package io.agentsafety.functions.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.approvals.VerdictResult;
import io.agentsafety.core.BodyLimitFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

/**
 * POST /api/v1/safety/approvals/{id}/deny {@code {"approver","comment"?}}: ends a pending request; a Step Functions
 * task waiting on it fails with {@code ApprovalDenied}.
 */
@Controller("/api/v1/safety/approvals")
public class ApprovalDenyController {

    private final ApprovalApi api;
    private final BodyLimitFilter bodyLimit;

    public ApprovalDenyController(ApprovalApi api, BodyLimitFilter bodyLimit) {
        this.api = api;
        this.bodyLimit = bodyLimit;
    }

    @Post(uri = "/{id}/deny", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public VerdictResult deny(@PathVariable("id") String id, @Body byte[] body, @Nullable APIGatewayV2HTTPEvent event) {
        bodyLimit.check(body);
        return api.deny(id, body, event);
    }
}
