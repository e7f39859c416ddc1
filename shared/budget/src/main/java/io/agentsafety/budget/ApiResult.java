package io.agentsafety.budget;

/** What a budget route answers: HTTP status, JSON body (null for 204) and whether it is a replay. */
public record ApiResult(int status, Object body, boolean replayed) {

    public static final String REPLAY_HEADER = "Idempotent-Replayed";
}
