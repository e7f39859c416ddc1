package io.agentsafety.functions.audit;

import io.agentsafety.audit.AuditQuery;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.Map;

/**
 * {@code GET /api/v1/safety/audit?run_id=&type=&verdict=&since=&limit=&cursor=}: one page of the audit
 * trail, newest first. A thin shell over the shared {@link AuditQuery}.
 */
@Controller("/api/v1/safety")
public class AuditQueryController {

    private final AuditQuery query;

    public AuditQueryController(AuditQuery query) {
        this.query = query;
    }

    @Get(uri = "/audit", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> audit(HttpRequest<?> request) {
        return query.page(AuditQuery.parse(request.getParameters().asMap()));
    }
}
