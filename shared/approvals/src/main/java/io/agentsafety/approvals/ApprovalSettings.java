package io.agentsafety.approvals;

import io.agentsafety.policy.ActionType;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Approval settings ({@code safety.approvals.*}). Invalid values stop the function at startup with a message
 * naming the key: an approval rule that silently fell back to a default would let actions through with fewer
 * humans than the operator asked for.
 */
@Singleton
public final class ApprovalSettings {

    static final String REQUIRED_APPROVERS = "safety.approvals.required-approvers";
    private static final int MAX_APPROVERS = 10;

    private final Duration ttl;
    private final Duration retention;
    private final boolean singleUse;
    private final boolean requireAuthenticatedApprover;
    private final Map<ActionType, Integer> requiredApprovers;
    private final URI webhookUrl;
    private final String webhookSecret;
    private final int webhookMaxAttempts;
    private final Duration webhookRetryBase;
    private final Duration webhookTimeout;
    private final String sfnEndpoint;
    private final String sfnRegion;

    @Inject
    public ApprovalSettings(Environment environment,
                            @Value("${safety.approvals.ttl:1h}") Duration ttl,
                            @Value("${safety.approvals.retention:7d}") Duration retention,
                            @Value("${safety.approvals.single-use:true}") boolean singleUse,
                            @Value("${safety.approvals.require-authenticated-approver:false}") boolean requireAuthenticatedApprover,
                            @Nullable @Value("${safety.approvals.webhook-url:}") String webhookUrl,
                            @Nullable @Value("${safety.approvals.webhook-secret:}") String webhookSecret,
                            @Value("${safety.approvals.webhook.max-attempts:6}") int webhookMaxAttempts,
                            @Value("${safety.approvals.webhook.retry-base:30s}") Duration webhookRetryBase,
                            @Value("${safety.approvals.webhook.timeout:5s}") Duration webhookTimeout,
                            @Nullable @Value("${safety.approvals.sfn.endpoint:}") String sfnEndpoint,
                            @Nullable @Value("${safety.approvals.sfn.region:}") String sfnRegion) {
        this(ttl, retention, singleUse, requireAuthenticatedApprover, requiredApprovers(environment), webhookUrl, webhookSecret,
            webhookMaxAttempts, webhookRetryBase, webhookTimeout, sfnEndpoint, sfnRegion);
    }

    ApprovalSettings(Duration ttl, Duration retention, boolean singleUse, boolean requireAuthenticatedApprover,
                     Map<ActionType, Integer> requiredApprovers, String webhookUrl, String webhookSecret, int webhookMaxAttempts,
                     Duration webhookRetryBase, Duration webhookTimeout, String sfnEndpoint, String sfnRegion) {
        if (ttl.compareTo(Duration.ofSeconds(10)) < 0 || ttl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("safety.approvals.ttl must be between 10s and 7d");
        }
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("safety.approvals.retention must be at least 1m");
        }
        this.ttl = ttl;
        this.retention = retention;
        this.singleUse = singleUse;
        this.requireAuthenticatedApprover = requireAuthenticatedApprover;
        this.requiredApprovers = Map.copyOf(requiredApprovers);
        this.webhookUrl = blank(webhookUrl) ? null : webhookUri(webhookUrl.trim());
        this.webhookSecret = blank(webhookSecret) ? null : webhookSecret;
        if (this.webhookUrl != null && this.webhookSecret == null) {
            // receivers must be able to tell our requests from forgeries: no unsigned approval notifications
            throw new IllegalArgumentException("safety.approvals.webhook-secret is required when safety.approvals.webhook-url is set");
        }
        if (webhookMaxAttempts < 1 || webhookMaxAttempts > 20) {
            throw new IllegalArgumentException("safety.approvals.webhook.max-attempts must be between 1 and 20");
        }
        this.webhookMaxAttempts = webhookMaxAttempts;
        this.webhookRetryBase = webhookRetryBase;
        this.webhookTimeout = webhookTimeout;
        this.sfnEndpoint = blank(sfnEndpoint) ? null : sfnEndpoint.trim();
        this.sfnRegion = blank(sfnRegion) ? null : sfnRegion.trim();
    }

    /** Defaults, for code running without an application context. */
    public static ApprovalSettings defaults() {
        return new ApprovalSettings(Duration.ofHours(1), Duration.ofDays(7), true, false, Map.of(), null, null, 6,
            Duration.ofSeconds(30), Duration.ofSeconds(5), null, null);
    }

    private static Map<ActionType, Integer> requiredApprovers(Environment environment) {
        Map<ActionType, Integer> out = new EnumMap<>(ActionType.class);
        Map<String, Object> raw = environment.getProperties(REQUIRED_APPROVERS);
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            // environment variables arrive in several spellings (execute-code, execute.code): all name execute_code
            String key = entry.getKey().toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
            ActionType type = ActionType.parse(key).orElseThrow(() -> new IllegalArgumentException(
                REQUIRED_APPROVERS + "." + entry.getKey() + ": not an action type (" + ActionType.allowedValues() + ")"));
            int count;
            try {
                count = Integer.parseInt(String.valueOf(entry.getValue()).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(REQUIRED_APPROVERS + "." + entry.getKey() + " must be a whole number");
            }
            if (count < 1 || count > MAX_APPROVERS) {
                throw new IllegalArgumentException(REQUIRED_APPROVERS + "." + entry.getKey() + " must be between 1 and " + MAX_APPROVERS);
            }
            out.put(type, count);
        }
        return out;
    }

    private static URI webhookUri(String text) {
        URI uri = URI.create(text);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("safety.approvals.webhook-url must be an http(s) URL");
        }
        return uri;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    public Duration ttl() {
        return ttl;
    }

    /** How long a decided or expired approval stays readable after its expiry. */
    public Duration retention() {
        return retention;
    }

    public boolean singleUse() {
        return singleUse;
    }

    public boolean requireAuthenticatedApprover() {
        return requireAuthenticatedApprover;
    }

    public int requiredApprovers(ActionType type) {
        return requiredApprovers.getOrDefault(type, 1);
    }

    public URI webhookUrl() {
        return webhookUrl;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    public int webhookMaxAttempts() {
        return webhookMaxAttempts;
    }

    public Duration webhookRetryBase() {
        return webhookRetryBase;
    }

    public Duration webhookTimeout() {
        return webhookTimeout;
    }

    public String sfnEndpoint() {
        return sfnEndpoint;
    }

    public String sfnRegion() {
        return sfnRegion;
    }
}
