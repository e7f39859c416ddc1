package io.agentsafety.approvals;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Life of a request: {@code pending} → {@code approved} (enough distinct approvers) → {@code used} (consumed by a
 * re-check, single-use); {@code pending} → {@code denied}; {@code pending}/{@code approved} → {@code expired}.
 * Every state but {@code pending} and {@code approved} is final.
 */
public enum ApprovalStatus {
    PENDING, APPROVED, DENIED, EXPIRED, USED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ApprovalStatus> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(text)).findFirst();
    }

    public static String allowedValues() {
        return String.join(", ", Arrays.stream(values()).map(ApprovalStatus::wireName).toList());
    }
}
