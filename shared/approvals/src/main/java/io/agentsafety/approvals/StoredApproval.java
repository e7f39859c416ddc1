package io.agentsafety.approvals;

import java.util.Map;

/**
 * The raw fields of one approval record as Redis holds them (all strings), including the task token, which
 * never leaves the service. {@link ApprovalViews} turns it into the public {@link Approval}.
 */
public record StoredApproval(Map<String, String> fields) {

    public String id() {
        return fields.get("id");
    }

    public ApprovalStatus status() {
        return ApprovalStatus.parse(fields.get("status")).orElseThrow();
    }

    public String taskToken() {
        return fields.get("task_token");
    }

    public boolean owesCallback() {
        return "pending".equals(fields.get("callback"));
    }

    public int callbackAttempts() {
        String attempts = fields.get("callback_attempts");
        return attempts == null ? 0 : Integer.parseInt(attempts);
    }

    public long createdMs() {
        return Long.parseLong(fields.get("created_ms"));
    }

    public long expiresMs() {
        return Long.parseLong(fields.get("expires_ms"));
    }

    public String runId() {
        return fields.get("run_id");
    }

    public String actor() {
        return fields.get("actor");
    }
}
