package io.agentsafety.client.micronaut;

import io.agentsafety.client.BudgetStatus;
import io.agentsafety.client.CanSpend;
import io.agentsafety.client.Decision;
import io.agentsafety.client.RedactResult;
import io.agentsafety.client.SandboxResult;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.Optional;

/**
 * The service's routes as a Micronaut declarative HTTP client, for Micronaut applications that want to inject the
 * API and use the framework's own client features (filters, tracing, {@code @Retryable}, service discovery).
 * Bodies are the routes' JSON requests as maps; answers are the client's typed records.
 * <p>
 * The base URL is {@code safety.client.url} (environment variable {@code SAFETY_CLIENT_URL}); the bean exists only
 * when it is set. (Micronaut does not resolve a placeholder nested in another's default inside {@code @Client},
 * so unlike the facade there is no {@code API_URL} fallback here.) Error answers raise Micronaut's {@code HttpClientResponseException};
 * {@link SafetyApiErrors#typed} turns it into the same typed exceptions as the plain-Java facade
 * ({@code PolicyDeniedException}, {@code BudgetExceededException}, ...). Unlike the facade this interface does not
 * retry or generate idempotency keys: put {@code idempotency_key} in budget bodies yourself, and retry only what is
 * idempotent. Routes addressed by an id answer {@code Optional.empty()} for a 404, as Micronaut's declarative
 * client returns no value (rather than throwing) for a 404; the {@code Optional} makes that explicit.
 */
@Client(value = "${safety.client.url}", path = "/api/v1/safety")
@Requires(property = "safety.client.url")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface SafetyApi {

    /** {@code POST /check}: the decision (allow, deny or require_approval are all 200 answers). */
    @Post("/check")
    Decision check(@Body Map<String, Object> request);

    /** {@code GET /policy}: the effective policy. */
    @Get("/policy")
    Map<String, Object> policy();

    @Post("/budget/create")
    BudgetStatus createBudget(@Body Map<String, Object> request);

    @Post("/budget/spend")
    BudgetStatus spend(@Body Map<String, Object> request);

    @Post("/budget/reserve")
    BudgetStatus reserve(@Body Map<String, Object> request);

    @Post("/budget/commit")
    BudgetStatus commit(@Body Map<String, Object> request);

    @Post("/budget/release")
    BudgetStatus release(@Body Map<String, Object> request);

    @Post("/budget/can-spend")
    CanSpend canSpend(@Body Map<String, Object> request);

    @Get("/budget/{runId}")
    Optional<BudgetStatus> budget(@PathVariable String runId);

    @Patch("/budget/{runId}")
    Optional<BudgetStatus> updateBudget(@PathVariable String runId, @Body Map<String, Object> request);

    @Delete("/budget/{runId}")
    HttpStatus deleteBudget(@PathVariable String runId);

    /** {@code POST /redact}. */
    @Post("/redact")
    RedactResult redact(@Body Map<String, Object> request);

    /** {@code POST /sandbox/exec}: never retry it (a retry runs the commands again). */
    @Post("/sandbox/exec")
    SandboxResult sandboxExec(@Body Map<String, Object> request);

    @Get("/sandbox/health")
    Map<String, Object> sandboxHealth();

    /** {@code GET /approvals}: newest first; {@code next_cursor} pages on. */
    @Get("/approvals{?status,run_id,limit,cursor}")
    Map<String, Object> approvals(@Nullable @QueryValue String status, @Nullable @QueryValue("run_id") String runId,
                                  @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor);

    @Get("/approvals/{approvalId}")
    Optional<Map<String, Object>> approval(@PathVariable String approvalId);

    /** {@code POST /approvals/{id}/approve}, body {@code {"approver":..., "comment":...}}. */
    @Post("/approvals/{approvalId}/approve")
    Optional<Map<String, Object>> approve(@PathVariable String approvalId, @Body Map<String, Object> request);

    @Post("/approvals/{approvalId}/deny")
    Optional<Map<String, Object>> deny(@PathVariable String approvalId, @Body Map<String, Object> request);

    /** {@code GET /audit}: newest first, filtered; {@code next_cursor} pages on. */
    @Get("/audit{?run_id,type,verdict,limit,cursor}")
    Map<String, Object> audit(@Nullable @QueryValue("run_id") String runId, @Nullable @QueryValue String type,
                              @Nullable @QueryValue String verdict, @Nullable @QueryValue Integer limit,
                              @Nullable @QueryValue String cursor);
}
