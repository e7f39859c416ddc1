package io.agentsafety.budget;

/**
 * What a budget route answers: HTTP status, JSON body (null for 204), whether it is a replay, and whether
 * the body is an RFC 9457 problem document ({@code application/problem+json}, e.g. a 402 refusal).
 */
public record ApiResult(int status, Object body, boolean replayed, boolean problem) {

    public static final String REPLAY_HEADER = "Idempotent-Replayed";

    public ApiResult(int status, Object body, boolean replayed) {
        this(status, body, replayed, false);
    }
}
