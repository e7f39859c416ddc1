package io.agentsafety.functions.approvals;

import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.approvals.ApprovalPage;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /api/v1/safety/approvals?status=&run_id=&limit=&cursor=: approval requests, newest first, paged. */
@Controller("/api/v1/safety/approvals")
public class ApprovalListController {

    private final ApprovalApi api;

    public ApprovalListController(ApprovalApi api) {
        this.api = api;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public ApprovalPage list(HttpRequest<?> request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> query.put(name, List.copyOf(values)));
        return api.list(query);
    }
}
