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

    /**
     * A caller-chosen name (an unknown query parameter, say) as a problem may quote it: scrubbed first, while a
     * secret still has its own shape ({@code password=…} stops being one once its {@code =} is replaced), then only
     * safe characters ({@code ?} for the others), cut to 64.
     */
    default String quotableName(String name) {
        String cleaned = scrub(name).replaceAll("[^A-Za-z0-9_.:\\[\\]\\-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
