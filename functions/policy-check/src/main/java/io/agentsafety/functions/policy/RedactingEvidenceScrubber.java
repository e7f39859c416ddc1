package io.agentsafety.functions.policy;

import io.agentsafety.policy.EvidenceScrubber;
import io.agentsafety.redaction.Redactor;
import jakarta.inject.Singleton;

/**
 * Decisions quote the commands they judge, and commands carry credentials
 * ({@code git push https://user:TOKEN@…}, {@code curl -H "Authorization: Bearer …"}): every reason and
 * evidence string goes through the same redactor as the redact function before it leaves the gate.
 */
@Singleton
class RedactingEvidenceScrubber implements EvidenceScrubber {

    private final Redactor redactor;

    RedactingEvidenceScrubber(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public String scrub(String text) {
        return redactor.redactToString(text);
    }
}
