package io.agentsafety.functions.policy;

import io.agentsafety.core.TextScrubber;
import io.agentsafety.policy.EvidenceScrubber;
import jakarta.inject.Singleton;

/**
 * Decisions quote the commands they judge, and commands carry credentials
 * ({@code git push https://user:TOKEN@…}, {@code curl -H "Authorization: Bearer …"}); they also echo the
 * caller's {@code run_id} and {@code actor}. All of it goes through the service's outbound
 * {@link TextScrubber} (the same redactor as the redact function) before it leaves the gate.
 */
@Singleton
class RedactingEvidenceScrubber implements EvidenceScrubber {

    private final TextScrubber scrubber;

    RedactingEvidenceScrubber(TextScrubber scrubber) {
        this.scrubber = scrubber;
    }

    @Override
    public String scrub(String text) {
        return scrubber.scrub(text);
    }
}
