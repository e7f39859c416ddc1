package io.agentsafety.policy.action;

import io.agentsafety.core.Money;
import io.agentsafety.policy.ActionType;
import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * {@code create_billing}: an exact, positive {@code amount} (at most 6 decimals, never a double) in an upper-case
 * ISO 4217 {@code currency}, charged to a {@code customer}.
 */
public record BillingAction(BigDecimal amount, String currency, String customer, String description, String idempotencyKey)
    implements PolicyAction {

    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public BillingAction {
        Money.Parsed parsed = amount == null ? null : Money.fromDecimal(amount);
        if (parsed == null || parsed.error() != null || parsed.micros() <= 0) {
            throw new IllegalArgumentException("a charge has a positive amount of at most 6 decimals");
        }
        // one form per amount (12.5, never 12.50): the evidence and params quote it
        amount = Money.toDecimal(parsed.micros());
        if (currency == null || !CURRENCY.matcher(currency).matches() || customer == null) {
            throw new IllegalArgumentException("a charge has an upper-case ISO 4217 currency and a customer");
        }
    }

    /** The amount in micro-units, for exact comparisons with the configured limits. */
    public long amountMicros() {
        return Money.toMicros(amount);
    }

    @Override
    public ActionType type() {
        return ActionType.CREATE_BILLING;
    }

    @Override
    public JsonNode toParams() {
        return new ParamsNode().put("amount", amount.toPlainString()).put("currency", currency).put("customer", customer)
            .put("description", description).put("idempotency_key", idempotencyKey).build();
    }
}
