package io.agentsafety.redaction;

import java.util.ArrayList;

/** The raw findings of one call, refusing to grow past {@link RedactionLimits#maxFindings()}. */
final class FindingList extends ArrayList<Finding> {

    private final int max;

    FindingList(int max) {
        this.max = max;
    }

    @Override
    public boolean add(Finding finding) {
        if (size() >= max) {
            throw new RedactionLimitException(RedactionLimitException.Limit.FINDINGS, max);
        }
        return super.add(finding);
    }
}
