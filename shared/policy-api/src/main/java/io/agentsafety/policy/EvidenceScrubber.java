package io.agentsafety.policy;

/**
 * Removes secrets from evidence and reasons before they leave the service: a command under review
 * may carry a token ({@code curl -H "Authorization: Bearer ..."}) and decisions quote commands; the
 * echoed {@code run_id} and {@code actor} go through it too.
 */
@FunctionalInterface
public interface EvidenceScrubber {

    EvidenceScrubber NONE = text -> text;

    String scrub(String text);
}
