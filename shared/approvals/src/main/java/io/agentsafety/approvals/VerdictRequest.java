package io.agentsafety.approvals;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.ProblemException;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Set;

/**
 * The body of {@code POST /approvals/{id}/approve} and {@code /deny}: {@code {"approver", "comment"?}}, read once
 * at the edge with the project's strict rules (duplicate keys, unknown fields and every bad field named in one 400).
 * {@code approver} may be left out when the route's authorizer names the caller, who then is the approver.
 */
@Serdeable
public record VerdictRequest(String approver, String comment) {

    static final int MAX_APPROVER = 256;
    static final int MAX_COMMENT = 2000;
    private static final Set<String> FIELDS = Set.of("approver", "comment");

    /** {@code authenticated}: the approver from the request context, or null. */
    public static VerdictRequest parse(byte[] body, String authenticated) {
        if ((body == null || body.length == 0) && authenticated != null) {
            return new VerdictRequest(authenticated, null);
        }
        JsonFields fields = JsonFields.parse(body);
        fields.allowOnly(FIELDS);
        String approver = fields.optionalString("approver", MAX_APPROVER);
        if (approver != null && approver.chars().anyMatch(Character::isISOControl)) {
            fields.error("approver", "must not contain control characters");
        }
        String comment = fields.optionalString("comment", MAX_COMMENT);
        if (authenticated == null && approver == null && !fields.has("approver")) {
            fields.error("approver", "is required (or call through an authorizer that names the caller)");
        }
        fields.validate();
        return new VerdictRequest(authenticated != null ? authenticated : approver, comment);
    }

    /** For routes that must know who approves: refuses a body-only identity. */
    public static ProblemException unauthenticated() {
        return new ProblemException(io.agentsafety.core.Problem.of(401, "approver_not_authenticated", "Unauthorized",
            "this deployment accepts approvals only from callers authenticated by an API Gateway authorizer", null));
    }
}
