package io.agentsafety.client;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The policy gate: {@code POST /api/v1/safety/check}. Checks are read-only, so they are retried when transient. */
public final class PolicyClient {

    private final Transport transport;

    PolicyClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * Asks the gate about one action.
     *
     * @param actionType {@code execute_code}, {@code deploy}, {@code create_billing}, {@code delete_files} or
     *                   {@code network_access}
     * @param params     the action's parameters, as the API documents them per type
     * @return the decision, whatever its verdict (use {@link #checkAndEnforce} to turn refusals into exceptions)
     */
    public Decision check(String actionType, Map<String, ?> params, CheckOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action_type", actionType);
        body.put("params", params);
        if (options.runId() != null) {
            body.put("run_id", options.runId());
        }
        if (options.actor() != null) {
            body.put("actor", options.actor());
        }
        if (options.approvalId() != null) {
            body.put("approval_id", options.approvalId());
        }
        Transport.Answer answer = transport.exchange("POST", "/check", body, Transport.Retry.IDEMPOTENT);
        return transport.read(answer.body(), Decision.class);
    }

    public Decision check(String actionType, Map<String, ?> params) {
        return check(actionType, params, CheckOptions.NONE);
    }

    /**
     * Checks and returns the decision only when the action is allowed.
     *
     * @throws PolicyDeniedException      the verdict is {@code deny}
     * @throws ApprovalRequiredException  the verdict is {@code require_approval} (carries the approval id)
     */
    public Decision checkAndEnforce(String actionType, Map<String, ?> params, CheckOptions options) {
        Decision decision = check(actionType, params, options);
        if (decision.allowed()) {
            return decision;
        }
        Problem problem = Problem.of(403, decision.requiresApproval() ? "Approval required" : "Denied by policy",
            decision.reason());
        if (decision.requiresApproval()) {
            throw new ApprovalRequiredException(decision, problem);
        }
        throw new PolicyDeniedException(decision, problem);
    }

    public Decision checkAndEnforce(String actionType, Map<String, ?> params) {
        return checkAndEnforce(actionType, params, CheckOptions.NONE);
    }

    /** A shell command an agent wants to run. */
    public Decision checkExecuteCode(String command, CheckOptions options) {
        return check("execute_code", Map.of("command", command), options);
    }

    /** A deployment of {@code target} to {@code environment}. */
    public Decision checkDeploy(String environment, String target, CheckOptions options) {
        return check("deploy", Map.of("environment", environment, "target", target), options);
    }

    /** A charge; the amount is sent as an exact decimal string. */
    public Decision checkBilling(BigDecimal amount, String currency, String customer, CheckOptions options) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("amount", amount.toPlainString());
        params.put("currency", currency);
        if (customer != null) {
            params.put("customer", customer);
        }
        return check("create_billing", params, options);
    }

    /** Deleting files or directories. */
    public Decision checkDeleteFiles(List<String> paths, CheckOptions options) {
        return check("delete_files", Map.of("paths", List.copyOf(paths)), options);
    }

    /** Opening a connection to a URL. */
    public Decision checkNetworkAccess(String url, CheckOptions options) {
        return check("network_access", Map.of("url", url), options);
    }
}
