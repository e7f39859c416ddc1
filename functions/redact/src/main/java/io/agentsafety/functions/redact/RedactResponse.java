package io.agentsafety.functions.redact;

import io.agentsafety.redaction.Finding;
import io.agentsafety.redaction.RedactionResult;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code {"redacted", "findings": [{"kind","start","end","detector"}], "count"}}: never the secret itself. */
@Serdeable
public record RedactResponse(String redacted, List<FindingView> findings, int count) {

    @Serdeable
    public record FindingView(String kind, int start, int end, String detector) {
        static FindingView of(Finding f) {
            return new FindingView(f.kind(), f.start(), f.end(), f.detector());
        }
    }

    static RedactResponse of(RedactionResult result) {
        List<FindingView> views = result.findings().stream().map(FindingView::of).toList();
        return new RedactResponse(result.redacted(), views, views.size());
    }
}
