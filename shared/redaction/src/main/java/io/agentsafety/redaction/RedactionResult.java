package io.agentsafety.redaction;

import java.util.List;

/** The redacted text and what was removed from where. {@link #toString()} shows counts only. */
public record RedactionResult(String redacted, List<Finding> findings) {

    public RedactionResult {
        findings = List.copyOf(findings);
    }

    public int count() {
        return findings.size();
    }

    @Override
    public String toString() {
        return "RedactionResult[length=" + redacted.length() + ", findings=" + findings + "]";
    }
}
