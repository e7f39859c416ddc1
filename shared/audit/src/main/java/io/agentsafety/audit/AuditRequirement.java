package io.agentsafety.audit;

import io.agentsafety.core.ProblemException;
import jakarta.inject.Singleton;

/**
 * Strict mode ({@code safety.audit.required=true}): an allow that could not be recorded is not given —
 * the caller answers 503 instead. Refusals (deny, require_approval) are returned whether recorded or not:
 * failing them would only hide a "no". Without strict mode an unrecorded allow is still returned (the
 * failure is logged and counted by the {@link AuditLog}).
 */
@Singleton
public class AuditRequirement {

    private final AuditSettings settings;

    public AuditRequirement(AuditSettings settings) {
        this.settings = settings;
    }

    public void checkAllow(boolean allowed, AuditWrite write) {
        if (allowed && !write.written() && settings.isRequired()) {
            throw ProblemException.unavailable("audit_unavailable",
                "the audit trail cannot be written and safety.audit.required is on, so nothing is allowed; retry later");
        }
    }
}
