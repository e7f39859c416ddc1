package io.agentsafety.local.openapi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The schemas of the query parameters the list routes read from the raw request ({@code approvals}, {@code audit}, {@code budgets}).
 * Their controllers declare them with method-level {@code @Parameter} (name, in, description), but micronaut-openapi
 * 6.20 ignores the {@code schema} of a method-level parameter (it always writes {@code {}}), so the merge fills them
 * in from here. {@link OpenApiMerge} fails on any parameter left without a schema, so a new one cannot slip through.
 * Bounds as ApprovalApi and AuditQuery check them.
 */
final class QueryParameterSchemas {

    /** {@code io.agentsafety.core.Ids#GRAMMAR}, anchored (shared/core ApiSchemas.ID_PATTERN). */
    static final String ID_PATTERN = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$";

    private static final Map<String, Map<String, Object>> SCHEMAS = new LinkedHashMap<>();

    static {
        put("approvalList", "status", Map.of("type", "string", "enum", java.util.List.of("pending", "approved", "denied", "expired", "used")));
        put("approvalList", "run_id", Map.of("type", "string", "pattern", ID_PATTERN));
        put("approvalList", "limit", Map.of("type", "integer", "minimum", 1, "maximum", 100, "default", 20));
        put("approvalList", "cursor", Map.of("type", "string"));
        put("budgetList", "limit", Map.of("type", "integer", "minimum", 1, "maximum", 200, "default", 50));
        put("budgetList", "cursor", Map.of("type", "string"));
        put("budgetList", "breaker", Map.of("type", "string", "enum", java.util.List.of("open", "closed")));
        put("auditQuery", "run_id", Map.of("type", "string", "pattern", ID_PATTERN));
        put("auditQuery", "type", Map.of("type", "string", "enum", java.util.List.of("policy_decision", "approval_transition", "budget_mutation",
            "breaker_change", "threshold_event", "sandbox_execution")));
        put("auditQuery", "verdict", Map.of("type", "string"));
        put("auditQuery", "since", Map.of("type", "string", "format", "date-time"));
        put("auditQuery", "limit", Map.of("type", "integer", "minimum", 1, "maximum", 500, "default", 50));
        put("auditQuery", "cursor", Map.of("type", "string"));
    }

    private QueryParameterSchemas() {
    }

    private static void put(String operationId, String name, Map<String, Object> schema) {
        SCHEMAS.put(operationId + " " + name, schema);
    }

    /** The schema of this query parameter of this operation, or null when there is none. */
    static Map<String, Object> of(String operationId, String name) {
        Map<String, Object> schema = SCHEMAS.get(operationId + " " + name);
        return schema == null ? null : new LinkedHashMap<>(new java.util.TreeMap<>(schema));
    }
}
