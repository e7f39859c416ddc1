package io.agentsafety.client.micronaut;

import io.agentsafety.client.BaseUrlConfigured;
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

/**
 * The service's routes as a Micronaut declarative HTTP client, for Micronaut applications that want to inject the
 * API and use the framework's own client features (filters, tracing, {@code @Retryable}, service discovery).
 * Bodies are the routes' JSON requests as maps; answers are the client's typed records.
 * <p>
 * The base URL is {@code safety.client.url}, else the {@code API_URL} environment variable (property
 * {@code api.url}). Error answers raise Micronaut's {@code HttpClientResponseException};
 * {@link SafetyApiErrors#typed} turns it into the same typed exceptions as the plain-Java facade
 * ({@code PolicyDeniedException}, {@code BudgetExceededException}, ...). Unlike the facade this interface does not
 * retry or generate idempotency keys: put {@code idempotency_key} in budget bodies yourself, and retry only what is
 * idempotent.
 */
@Client(value = "${safety.client.url:${api.url:}}", path = "/api/v1/safety")
@Requires(condition = BaseUrlConfigured.class)
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
    BudgetStatus budget(@PathVariable String runId);

    @Patch("/budget/{runId}")
    BudgetStatus updateBudget(@PathVariable String runId, @Body Map<String, Object> request);

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
    Map<String, Object> approval(@PathVariable String approvalId);

    /** {@code POST /approvals/{id}/approve}, body {@code {"approver":..., "comment":...}}. */
    @Post("/approvals/{approvalId}/approve")
    Map<String, Object> approve(@PathVariable String approvalId, @Body Map<String, Object> request);

    @Post("/approvals/{approvalId}/deny")
    Map<String, Object> deny(@PathVariable String approvalId, @Body Map<String, Object> request);

    /** {@code GET /audit}: newest first, filtered; {@code next_cursor} pages on. */
    @Get("/audit{?run_id,type,verdict,limit,cursor}")
    Map<String, Object> audit(@Nullable @QueryValue("run_id") String runId, @Nullable @QueryValue String type,
                              @Nullable @QueryValue String verdict, @Nullable @QueryValue Integer limit,
                              @Nullable @QueryValue String cursor);
}
