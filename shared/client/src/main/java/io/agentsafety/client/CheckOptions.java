package io.agentsafety.client;

/**
 * Who asks and in which run: the run whose budget the action spends, the acting agent (never allowed to approve its
 * own requests), and the approval id obtained earlier for this exact action.
 */
public record CheckOptions(String runId, String actor, String approvalId) {

    public static final CheckOptions NONE = new CheckOptions(null, null, null);

    public static CheckOptions run(String runId) {
        return new CheckOptions(runId, null, null);
    }

    public CheckOptions withActor(String actor) {
        return new CheckOptions(runId, actor, approvalId);
    }

    public CheckOptions withApproval(String approvalId) {
        return new CheckOptions(runId, actor, approvalId);
    }
}
