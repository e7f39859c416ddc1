package io.agentsafety.sandbox.exec;

import io.agentsafety.policy.EvidenceScrubber;
import io.agentsafety.redaction.Redactor;
import jakarta.inject.Singleton;

/**
 * Decisions quote the commands they judge and commands carry credentials: the reasons and evidence of the
 * decisions a refusal answers with go through the shared redactor, as in the policy-check function.
 */
@Singleton
public class RedactingEvidenceScrubber implements EvidenceScrubber {

    private final Redactor redactor;

    public RedactingEvidenceScrubber(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public String scrub(String text) {
        return redactor.redactToString(text);
    }
}
