package io.agentsafety.client.examples;

import io.agentsafety.client.ApprovalRequiredException;
import io.agentsafety.client.BudgetExceededException;
import io.agentsafety.client.CheckOptions;
import io.agentsafety.client.Decision;
import io.agentsafety.client.LocalRedactor;
import io.agentsafety.client.PolicyDeniedException;
import io.agentsafety.client.SafetyClient;
import io.agentsafety.client.SandboxOptions;
import io.agentsafety.client.SandboxResult;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The README's example, compiled by the build so it cannot rot: what the original TypeScript workers did with
 * {@code PolicyClient.checkAndEnforce}, {@code BudgetClient.spendWithEnforcement} and {@code safeExecuteBatch}.
 */
public final class AgentWorkerExample {

    private AgentWorkerExample() {
    }

    public static void main(String[] args) {
        try (SafetyClient safety = SafetyClient.builder()          // base URL from API_URL or -Dsafety.client.url
                .readTimeout(Duration.ofSeconds(120))
                .build()) {
            String run = "run-42";
            safety.budget().create(run, new BigDecimal("10.00"));

            // 1. ask before acting: allowed → the decision; otherwise a typed exception
            try {
                Decision ok = safety.policy().checkAndEnforce("execute_code",
                    Map.of("command", "terraform plan"), CheckOptions.run(run).withActor("agent-7"));
                System.out.println("allowed by " + ok.decisionId());
            } catch (ApprovalRequiredException e) {
                System.out.println("waiting for approval " + e.approvalId());
            } catch (PolicyDeniedException e) {
                System.out.println("denied: " + e.decision().reason());
            }

            // 2. pay only within the run's budget
            try {
                safety.budget().spendWithEnforcement(run, new BigDecimal("0.25"));
            } catch (BudgetExceededException e) {
                System.out.println("over budget: " + e.budgetStatus().get("remaining"));
            }

            // 3. run untrusted code safely: policy → budget → sandbox → redaction → cleanup
            SandboxResult result = safety.sandbox().safeExecuteBatch(run, List.of("python3 --version", "ls -la"),
                SandboxOptions.defaults().timeout(Duration.ofSeconds(30)).env("API_TOKEN", "not-in-the-output"));
            result.results().forEach(r -> System.out.println(r.command() + " → " + r.exitCode() + "\n" + r.stdout()));

            // 4. scrub text locally, without sending it anywhere
            System.out.println(LocalRedactor.create().redact("password=hunter2hunter2"));
        }
    }
}
