package io.agentsafety.policy.action;

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

/**
 * Charges, compared exactly in micro-units (never a double).
 * Above the approval threshold a human must confirm; above the hard cap (if set) it is denied.
 */
@Singleton
public class BillingEvaluator implements ActionEvaluator<BillingAction> {

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
    public List<RuleMatch> evaluate(BillingAction action) {
        long micros = action.amountMicros();
        String currency = action.currency();
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
