package io.agentsafety.client;

import java.util.List;
import java.util.Map;

/**
 * @param extraSecrets literal values to remove wherever they appear (also encoded)
 * @param env          environment variables whose values are secrets when their names look sensitive
 */
public record RedactOptions(List<String> extraSecrets, Map<String, String> env) {

    public static final RedactOptions NONE = new RedactOptions(List.of(), Map.of());

    public RedactOptions {
        extraSecrets = extraSecrets == null ? List.of() : List.copyOf(extraSecrets);
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
