package io.agentsafety.policy.config;

import io.agentsafety.policy.ActionType;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every accepted spelling of {@code safety.policy.actions.<type>.{enabled,require-approval}} binds, for every action
 * type, through an application context: kebab and snake type names, {@code require-approval} and
 * {@code require_approval}, and the environment variables (the template sets
 * {@code SAFETY_POLICY_ACTIONS_DELETE_FILES_REQUIRE_APPROVAL}); a type's switches never leak to another type.
 */
class ActionSettingsBindingTest {

    private static ActionSettings fromProperties(Map<String, Object> values) {
        try (ApplicationContext context = ApplicationContext.run(values)) {
            return context.getBean(ActionSettings.class);
        }
    }

    private static ActionSettings fromEnvironment(Map<String, Object> variables) {
        try (ApplicationContext context = ApplicationContext.builder()
            .propertySources(PropertySource.of("env", variables, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
            .start()) {
            return context.getBean(ActionSettings.class);
        }
    }

    /** The switches of {@code type} are (enabled, requireApproval); every other type keeps the defaults. */
    private static void assertOnly(ActionSettings settings, ActionType type, boolean enabled, boolean requireApproval) {
        for (ActionType other : ActionType.values()) {
            boolean target = other == type;
            assertEquals(target ? enabled : true, settings.of(other).enabled(), other + " enabled");
            assertEquals(target ? requireApproval : false, settings.of(other).requireApproval(), other + " require-approval");
        }
    }

    @Test
    void withoutConfigurationEveryTypeIsEnabledWithoutApproval() {
        ActionSettings settings = fromProperties(Map.of());
        for (ActionType type : ActionType.values()) {
            assertTrue(settings.of(type).enabled(), type.wireName());
            assertFalse(settings.of(type).requireApproval(), type.wireName());
        }
    }

    @ParameterizedTest
    @EnumSource(ActionType.class)
    void kebabTypeName(ActionType type) {
        String prefix = "safety.policy.actions." + type.kebabName();
        assertOnly(fromProperties(Map.of(prefix + ".enabled", "false")), type, false, false);
        assertOnly(fromProperties(Map.of(prefix + ".require-approval", "true")), type, true, true);
        assertOnly(fromProperties(Map.of(prefix + ".require_approval", "true")), type, true, true);
    }

    @ParameterizedTest
    @EnumSource(ActionType.class)
    void snakeTypeName(ActionType type) {
        String prefix = "safety.policy.actions." + type.wireName();
        assertOnly(fromProperties(Map.of(prefix + ".enabled", "false")), type, false, false);
        assertOnly(fromProperties(Map.of(prefix + ".require-approval", "true")), type, true, true);
        assertOnly(fromProperties(Map.of(prefix + ".require_approval", "true")), type, true, true);
    }

    @ParameterizedTest
    @EnumSource(ActionType.class)
    void environmentVariables(ActionType type) {
        String prefix = "SAFETY_POLICY_ACTIONS_" + type.name() + "_";
        assertOnly(fromEnvironment(Map.of(prefix + "ENABLED", "false")), type, false, false);
        assertOnly(fromEnvironment(Map.of(prefix + "REQUIRE_APPROVAL", "true")), type, true, true);
        assertOnly(fromEnvironment(Map.of(prefix + "ENABLED", "false", prefix + "REQUIRE_APPROVAL", "true")), type, false, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"actions-snake", "actions-kebab"})
    void nestedYamlFiles(String environment) {
        // application-actions-snake.yml / -kebab.yml: the same switches in both spellings, nested as in application.yml
        try (ApplicationContext context = ApplicationContext.builder().environments(environment).start()) {
            ActionSettings settings = context.getBean(ActionSettings.class);
            assertEquals(false, settings.of(ActionType.EXECUTE_CODE).enabled());
            assertEquals(false, settings.of(ActionType.EXECUTE_CODE).requireApproval());
            assertEquals(true, settings.of(ActionType.CREATE_BILLING).enabled());
            assertEquals(true, settings.of(ActionType.CREATE_BILLING).requireApproval());
            assertEquals(false, settings.of(ActionType.DELETE_FILES).enabled());
            assertEquals(true, settings.of(ActionType.DELETE_FILES).requireApproval());
            assertEquals(true, settings.of(ActionType.NETWORK_ACCESS).enabled());
            assertEquals(true, settings.of(ActionType.NETWORK_ACCESS).requireApproval());
            assertEquals(true, settings.of(ActionType.DEPLOY).enabled());
            assertEquals(true, settings.of(ActionType.DEPLOY).requireApproval());
        }
    }

    @Test
    void valuesAreCaseInsensitiveBooleans() {
        assertOnly(fromEnvironment(Map.of("SAFETY_POLICY_ACTIONS_DEPLOY_REQUIRE_APPROVAL", "TRUE".toLowerCase(Locale.ROOT))),
            ActionType.DEPLOY, true, true);
        assertOnly(fromEnvironment(Map.of("SAFETY_POLICY_ACTIONS_DEPLOY_REQUIRE_APPROVAL", "True")), ActionType.DEPLOY, true, true);
    }
}
