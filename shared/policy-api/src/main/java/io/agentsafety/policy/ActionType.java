package io.agentsafety.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of action an agent asks about. Wire names are snake_case; upper-case enum names are accepted. */
public enum ActionType {
    EXECUTE_CODE(true),
    DEPLOY(true),
    CREATE_BILLING(true),
    DELETE_FILES(false),
    NETWORK_ACCESS(false);

    private final boolean costsMoney;

    ActionType(boolean costsMoney) {
        this.costsMoney = costsMoney;
    }

    /** Actions that spend the run's budget: refused while the run's budget circuit is open. */
    public boolean costsMoney() {
        return costsMoney;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The configuration key form: {@code execute-code}. */
    public String kebabName() {
        return wireName().replace('_', '-');
    }

    public static Optional<ActionType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(t -> t.name().equals(normalized)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(ActionType::wireName).collect(Collectors.joining(", "));
    }
}
