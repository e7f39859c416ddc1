package io.agentsafety.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audit record, as callers build it. {@code params} is what the caller asked for (the action's
 * parameters, the spend's amount and description...), {@code detail} what came out of it (the budget
 * after a spend, the threshold crossed...). Both are free-form JSON values: the {@link AuditLog} redacts
 * and bounds them. {@code principal} is the authenticated caller (IAM ARN, JWT subject) and is filled
 * from the request when absent; {@code actor} is the identity the request declared about itself.
 */
public record AuditEntry(Instant at, AuditType type, String function, String requestId, String principal,
                         String actor, String runId, String decisionId, String approvalId, String reservationId,
                         String verdict, List<String> rules, boolean replayed, Map<String, Object> params,
                         Map<String, Object> detail) {

    /** Version of the JSON shape in the {@code e} field; readers ignore fields they do not know. */
    public static final int SCHEMA_VERSION = 1;

    public AuditEntry {
        Objects.requireNonNull(type, "type");
        at = at == null ? Instant.now() : at;
        rules = rules == null ? List.of() : List.copyOf(rules);
        params = params == null ? Map.of() : params;
        detail = detail == null ? Map.of() : detail;
    }

    public static Builder of(AuditType type) {
        return new Builder(type);
    }

    /** The same entry with the request's context filled in where the caller left it out. */
    AuditEntry withContext(String defaultFunction, String defaultRequestId, String defaultPrincipal) {
        return new AuditEntry(at, type, function != null ? function : defaultFunction,
            requestId != null ? requestId : defaultRequestId, principal != null ? principal : defaultPrincipal,
            actor, runId, decisionId, approvalId, reservationId, verdict, rules, replayed, params, detail);
    }

    /** The JSON document stored in the stream's {@code e} field (absent values left out). */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("v", SCHEMA_VERSION);
        // an Instant, not its text: AuditValues renders it without a redactor call (digits and fixed punctuation only)
        out.put("at", at.truncatedTo(ChronoUnit.MILLIS));
        out.put("type", type.wireName());
        put(out, "function", function);
        put(out, "request_id", requestId);
        put(out, "principal", principal);
        put(out, "actor", actor);
        put(out, "run_id", runId);
        put(out, "decision_id", decisionId);
        put(out, "approval_id", approvalId);
        put(out, "reservation_id", reservationId);
        put(out, "verdict", verdict);
        if (!rules.isEmpty()) {
            out.put("rules", rules);
        }
        out.put("replayed", replayed);
        if (!params.isEmpty()) {
            out.put("params", params);
        }
        if (!detail.isEmpty()) {
            out.put("detail", detail);
        }
        return out;
    }

    private static void put(Map<String, Object> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    /** Fluent construction: only the type is required. */
    public static final class Builder {
        private final AuditType type;
        private Instant at;
        private String function;
        private String requestId;
        private String principal;
        private String actor;
        private String runId;
        private String decisionId;
        private String approvalId;
        private String reservationId;
        private String verdict;
        private List<String> rules;
        private boolean replayed;
        private Map<String, Object> params;
        private Map<String, Object> detail;

        private Builder(AuditType type) {
            this.type = type;
        }

        public Builder at(Instant value) { this.at = value; return this; }
        public Builder function(String value) { this.function = value; return this; }
        public Builder requestId(String value) { this.requestId = value; return this; }
        public Builder principal(String value) { this.principal = value; return this; }
        public Builder actor(String value) { this.actor = value; return this; }
        public Builder runId(String value) { this.runId = value; return this; }
        public Builder decisionId(String value) { this.decisionId = value; return this; }
        public Builder approvalId(String value) { this.approvalId = value; return this; }
        public Builder reservationId(String value) { this.reservationId = value; return this; }
        public Builder verdict(String value) { this.verdict = value; return this; }
        public Builder rules(List<String> value) { this.rules = value; return this; }
        public Builder replayed(boolean value) { this.replayed = value; return this; }
        public Builder params(Map<String, Object> value) { this.params = value; return this; }
        public Builder detail(Map<String, Object> value) { this.detail = value; return this; }

        public AuditEntry build() {
            return new AuditEntry(at, type, function, requestId, principal, actor, runId, decisionId, approvalId,
                reservationId, verdict, rules, replayed, params, detail);
        }
    }
}
