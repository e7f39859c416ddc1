package io.agentsafety.functions.approvals;

import io.agentsafety.approvals.Approval;
import io.agentsafety.approvals.ApprovalApi;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/** GET /api/v1/safety/approvals/{id}: one approval request (redacted action, no task token); 404 if unknown. */
@Controller("/api/v1/safety/approvals")
public class ApprovalGetController {

    private final ApprovalApi api;

    public ApprovalGetController(ApprovalApi api) {
        this.api = api;
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public Approval get(@PathVariable("id") String id) {
        return api.get(id);
    }
}
