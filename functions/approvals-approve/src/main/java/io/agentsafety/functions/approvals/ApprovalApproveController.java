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
 * POST /api/v1/safety/approvals/{id}/approve {@code {"approver","comment"?}}: one approver's vote. The approver is the
 * caller the API Gateway authorizer names, when there is one; the requester can never approve their own request.
 */
@Controller("/api/v1/safety/approvals")
public class ApprovalApproveController {

    private final ApprovalApi api;
    private final BodyLimitFilter bodyLimit;

    public ApprovalApproveController(ApprovalApi api, BodyLimitFilter bodyLimit) {
        this.api = api;
        this.bodyLimit = bodyLimit;
    }

    @Post(uri = "/{id}/approve", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public VerdictResult approve(@PathVariable("id") String id, @Body byte[] body, @Nullable APIGatewayV2HTTPEvent event) {
        bodyLimit.check(body);
        return api.approve(id, body, event);
    }
}
