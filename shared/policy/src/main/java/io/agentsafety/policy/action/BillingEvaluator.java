package io.agentsafety.policy.action;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Money;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RiskLevel;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.config.PolicyConfiguration;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Charges: the amount is parsed exactly (never a double); non-positive or malformed amounts are a 400.
 * Above the approval threshold a human must confirm; above the hard cap (if set) it is denied.
 */
@Singleton
public class BillingEvaluator implements ActionEvaluator {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final long approvalThresholdMicros;
    private final Long maxMicros;
    private final Set<String> currencies;

    public BillingEvaluator(PolicyConfiguration configuration) {
        PolicyConfiguration.Billing billing = configuration.getBilling();
        this.approvalThresholdMicros = Money.toMicros(billing.getApprovalThreshold());
        this.maxMicros = billing.getMaxAmount() == null ? null : Money.toMicros(billing.getMaxAmount());
        this.currencies = billing.getCurrencies().stream().map(c -> c.trim().toUpperCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public ActionType type() {
        return ActionType.CREATE_BILLING;
    }

    @Override
    public Set<String> knownParams() {
        return Set.of("amount", "currency", "customer", "description", "idempotency_key");
    }

    @Override
    public List<RuleMatch> evaluate(JsonFields params) {
        Long micros = params.amountMicros("amount", true, false);
        String currency = params.requiredString("currency", 3);
        if (currency != null && !CURRENCY.matcher(currency.toUpperCase(Locale.ROOT)).matches()) {
            params.error("currency", "must be a three-letter ISO 4217 code such as USD");
            currency = null;
        }
        String customer = params.requiredString("customer", 256);
        params.optionalString("description", 2048);
        params.optionalString("idempotency_key", 255);
        if (micros == null || currency == null || customer == null) {
            return List.of();
        }
        currency = currency.toUpperCase(Locale.ROOT);
        String evidence = Money.toDecimal(micros).toPlainString() + " " + currency;
        if (!currencies.isEmpty() && !currencies.contains(currency)) {
            return List.of(new RuleMatch("billing.currency_not_allowed",
                "charges in " + currency + " are not allowed", evidence, RiskLevel.HIGH, Verdict.DENY));
        }
        if (maxMicros != null && micros > maxMicros) {
            return List.of(new RuleMatch("billing.over_maximum",
                "charge exceeds the maximum of " + Money.toDecimal(maxMicros).toPlainString(),
                evidence, RiskLevel.CRITICAL, Verdict.DENY));
        }
        if (micros > approvalThresholdMicros) {
            return List.of(new RuleMatch("billing.over_approval_threshold",
                "charges above " + Money.toDecimal(approvalThresholdMicros).toPlainString() + " require human approval",
                evidence, RiskLevel.HIGH, Verdict.REQUIRE_APPROVAL));
        }
        return List.of();
    }
}
