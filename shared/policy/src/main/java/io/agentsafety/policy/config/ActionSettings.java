package io.agentsafety.policy.config;

import io.agentsafety.policy.ActionType;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.util.EnumMap;
import java.util.Map;

/**
 * Per action type switches: {@code safety.policy.actions.<type>.enabled} (false = always deny) and
 * {@code safety.policy.actions.<type>.require-approval} (true = never allowed without a human).
 * Both {@code execute_code} and {@code execute-code} spellings are read, so the environment variable
 * {@code SAFETY_POLICY_ACTIONS_EXECUTE_CODE_ENABLED} works too.
 */
@Singleton
public class ActionSettings {

    public record Switches(boolean enabled, boolean requireApproval) {
    }

    private final Map<ActionType, Switches> switches = new EnumMap<>(ActionType.class);

    public ActionSettings(Environment environment) {
        for (ActionType type : ActionType.values()) {
            boolean enabled = read(environment, type, "enabled", true);
            boolean approval = read(environment, type, "require-approval", false);
            switches.put(type, new Switches(enabled, approval));
        }
    }

    public ActionSettings(Map<ActionType, Switches> values) {
        for (ActionType type : ActionType.values()) {
            switches.put(type, values.getOrDefault(type, new Switches(true, false)));
        }
    }

    public Switches of(ActionType type) {
        return switches.get(type);
    }

    private static boolean read(Environment environment, ActionType type, String key, boolean fallback) {
        for (String name : new String[]{type.wireName(), type.kebabName()}) {
            var value = environment.getProperty("safety.policy.actions." + name + "." + key, Boolean.class);
            if (value.isPresent()) {
                return value.get();
            }
        }
        if (key.equals("require-approval")) {
            for (String name : new String[]{type.wireName(), type.kebabName()}) {
                var value = environment.getProperty("safety.policy.actions." + name + ".require_approval", Boolean.class);
                if (value.isPresent()) {
                    return value.get();
                }
            }
        }
        return fallback;
    }
}
