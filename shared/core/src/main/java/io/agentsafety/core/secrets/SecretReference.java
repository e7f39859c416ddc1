package io.agentsafety.core.secrets;

import java.util.List;

/**
 * A setting whose value lives in AWS Secrets Manager: the function's environment holds only the secret's ARN
 * ({@code envVariable}), the value is read at start and exposed as the Micronaut property {@code property}.
 * A secret may be plain text, or a JSON object whose {@code jsonField} holds the value (the shape Secrets
 * Manager's rotation templates write).
 */
public record SecretReference(String envVariable, String property, String jsonField) {

    /** Every secret the template passes by ARN. */
    public static final List<SecretReference> ALL = List.of(
        new SecretReference("E2B_API_KEY_SECRET_ARN", "e2b.api-key", "api_key"),
        new SecretReference("REDIS_AUTH_SECRET_ARN", "redis.password", "password"),
        new SecretReference("SAFETY_APPROVALS_WEBHOOK_SECRET_ARN", "safety.approvals.webhook-secret", "secret"),
        new SecretReference("SAFETY_BUDGET_ALERTS_WEBHOOK_SECRET_ARN", "safety.budget.alerts.webhook-secret", "secret"));
}
