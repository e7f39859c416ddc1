package io.agentsafety.approvals;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The webhook body: {@code {"type":"approval.requested","approval":{…}}} with the approval as
 * {@code GET /approvals/{id}} shows it (redacted action, no task token), the shape a Slack/Teams relay consumes.
 */
@Serdeable
public record ApprovalNotification(String type, Approval approval) {

    public static ApprovalNotification requested(Approval approval) {
        return new ApprovalNotification("approval.requested", approval);
    }
}
