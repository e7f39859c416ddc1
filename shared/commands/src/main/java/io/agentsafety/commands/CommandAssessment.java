package io.agentsafety.commands;

import java.util.List;

/**
 * The outcome of analysing one command, SQL text or code snippet: rule findings, the URLs it fetches (for the
 * network allowlist), what could not be resolved statically (each entry says what and why), and the hosts network
 * tools in it connect to (for the network policy's internal-address rules).
 */
public record CommandAssessment(List<CommandFinding> findings, List<String> fetchedUrls, List<String> unresolved,
                                List<NetworkEndpoint> contactedHosts) {

    public CommandAssessment {
        findings = List.copyOf(findings);
        fetchedUrls = List.copyOf(fetchedUrls);
        unresolved = List.copyOf(unresolved);
        contactedHosts = List.copyOf(contactedHosts);
    }

    public CommandAssessment(List<CommandFinding> findings, List<String> fetchedUrls, List<String> unresolved) {
        this(findings, fetchedUrls, unresolved, List.of());
    }

    /** The strictest verdict: deny over require_approval over allow; anything unresolved needs approval. */
    public CommandVerdict verdict() {
        CommandVerdict verdict = unresolved.isEmpty() ? CommandVerdict.ALLOW : CommandVerdict.REQUIRE_APPROVAL;
        for (CommandFinding finding : findings) {
            verdict = verdict.strictest(finding.verdict());
        }
        return verdict;
    }

    /** True when the command may not run without a human (deny or require_approval). */
    public boolean blocked() {
        return verdict() != CommandVerdict.ALLOW;
    }
}
