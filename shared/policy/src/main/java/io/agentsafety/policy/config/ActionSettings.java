package io.agentsafety.policy.config;

import io.agentsafety.policy.ActionType;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Per action type switches, bound by Micronaut: {@code safety.policy.actions.<type>.enabled} (false = always deny)
 * and {@code safety.policy.actions.<type>.require-approval} (true = never allowed without a human). The type is
 * kebab ({@code execute-code}) or snake ({@code execute_code}), the key {@code require-approval} or
 * {@code require_approval} (Micronaut normalizes both), and environment variables such as
 * {@code SAFETY_POLICY_ACTIONS_DELETE_FILES_REQUIRE_APPROVAL} work too.
 * <p>
 * One nested type per action type rather than {@code @EachProperty}: the entries {@code @EachProperty} enumerates
 * from environment variables split multi-word names ({@code DELETE_FILES_...} gives an entry {@code delete}, none
 * named {@code delete-files}), which would silently drop a switch; a fixed prefix per type resolves every spelling.
 */
@ConfigurationProperties("safety.policy.actions")
public record ActionSettings(ExecuteCode executeCode, Deploy deploy, CreateBilling createBilling,
                             DeleteFiles deleteFiles, NetworkAccess networkAccess) {

    /** The two switches of one action type. */
    public interface Switches {
        boolean enabled();

        boolean requireApproval();
    }

    public ActionSettings {
        if (executeCode == null || deploy == null || createBilling == null || deleteFiles == null || networkAccess == null) {
            throw new IllegalArgumentException("safety.policy.actions: every action type needs its switches");
        }
    }

    /** Exhaustive over {@link ActionType}: a new type does not compile until it has its switches here. */
    public Switches of(ActionType type) {
        return switch (type) {
            case EXECUTE_CODE -> executeCode;
            case DEPLOY -> deploy;
            case CREATE_BILLING -> createBilling;
            case DELETE_FILES -> deleteFiles;
            case NETWORK_ACCESS -> networkAccess;
        };
    }

    @ConfigurationProperties("execute-code")
    public record ExecuteCode(@Bindable(defaultValue = "true") boolean enabled,
                              @Bindable(defaultValue = "false") boolean requireApproval) implements Switches {
    }

    @ConfigurationProperties("deploy")
    public record Deploy(@Bindable(defaultValue = "true") boolean enabled,
                         @Bindable(defaultValue = "false") boolean requireApproval) implements Switches {
    }

    @ConfigurationProperties("create-billing")
    public record CreateBilling(@Bindable(defaultValue = "true") boolean enabled,
                                @Bindable(defaultValue = "false") boolean requireApproval) implements Switches {
    }

    @ConfigurationProperties("delete-files")
    public record DeleteFiles(@Bindable(defaultValue = "true") boolean enabled,
                              @Bindable(defaultValue = "false") boolean requireApproval) implements Switches {
    }

    @ConfigurationProperties("network-access")
    public record NetworkAccess(@Bindable(defaultValue = "true") boolean enabled,
                                @Bindable(defaultValue = "false") boolean requireApproval) implements Switches {
    }
}
