package io.agentsafety.redaction;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-call options: literal secrets to remove ({@code extraSecrets}, values of {@code env}), a kinds
 * filter (null = all kinds) and extra compiled detectors (per-request custom patterns).
 * {@link #toString()} never shows values.
 */
public record RedactionOptions(List<String> extraSecrets, Map<String, String> env, Set<String> kinds,
                               List<Detector> customDetectors) {

    public static final RedactionOptions NONE = new RedactionOptions(List.of(), Map.of(), null, List.of());

    public RedactionOptions {
        extraSecrets = extraSecrets == null ? List.of() : List.copyOf(extraSecrets);
        env = env == null ? Map.of() : Map.copyOf(env);
        kinds = kinds == null ? null : Set.copyOf(kinds);
        customDetectors = customDetectors == null ? List.of() : List.copyOf(customDetectors);
    }

    boolean isDefault() {
        return extraSecrets.isEmpty() && env.isEmpty() && kinds == null && customDetectors.isEmpty();
    }

    @Override
    public String toString() {
        return "RedactionOptions[extraSecrets=" + extraSecrets.size() + ", env=" + env.keySet()
            + ", kinds=" + kinds + ", customDetectors=" + customDetectors + "]";
    }
}
