package io.agentsafety.core;

/**
 * Removes secrets from a text that is about to leave the service: problem details, echoed field paths,
 * identifiers echoed in answers, stored metadata, access logs. Values are never echoed, but names, paths,
 * method names and caller-chosen identifiers are, and any of them can be a credential
 * ({@code {"ghp_…": 1}}, {@code GET /api/v1/safety/AKIA…}).
 *
 * <p>Every function has {@code shared/redaction} on its class path, whose redactor bean implements this; the
 * renderers here require the bean (no silent no-op), so a function without a redactor fails at start-up
 * rather than echoing raw text.
 */
@FunctionalInterface
public interface TextScrubber {

    /** The text with every secret replaced by a marker such as {@code [REDACTED:github_pat]}; null stays null. */
    String scrub(String text);
}
