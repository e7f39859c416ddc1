package io.agentsafety.local;

import io.agentsafety.local.template.FunctionDef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment a worker starts with: only what the deployed function would see, never the runner's whole
 * shell environment. For each variable the template declares (Globals.Function + the function), later wins:
 * <ol>
 *   <li>the template value (intrinsics resolved, Parameters at their Default);</li>
 *   <li>the shell environment, for variables bound to a template Parameter (e.g. {@code REDIS_URI: !Ref
 *       RedisUri}, {@code SAFETY_POLICY_NETWORK_ALLOWLIST: !Ref NetworkAllowlist}): deploy-time settings are
 *       set locally the way the shell sets them;</li>
 *   <li>{@code --env-vars} "Parameters" (all functions);</li>
 *   <li>{@code --env-vars} "&lt;LogicalId&gt;" (that function).</li>
 * </ol>
 * As in SAM, variables the template does not declare are ignored (a setting that works locally must be one that
 * deploys); the exception is {@code REDIS_HOST}/{@code REDIS_PORT} from the shell. Then: with no Redis configured,
 * {@code REDIS_URI} points at the embedded Redis. Both only for functions that declare {@code REDIS_URI}. Lambda's own variables ({@code AWS_LAMBDA_FUNCTION_NAME},
 * {@code AWS_REGION}, {@code _HANDLER}...) and {@code PATH}/{@code HOME}/{@code LANG}/{@code TZ} are added.
 */
public final class FunctionEnvironment {

    private static final List<String> REDIS_PASSTHROUGH = List.of("REDIS_HOST", "REDIS_PORT");

    private FunctionEnvironment() {
    }

    public static Map<String, String> of(FunctionDef function, Map<String, String> shell, EnvVarsFile file,
                                         String embeddedRedisUri, String region) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        for (String name : function.parameterBound()) {
            if (shell.containsKey(name)) {
                env.put(name, shell.get(name));
            }
        }
        overlay(env, file.global());
        overlay(env, file.forFunction(function.logicalId()));
        // only the functions that use Redis (their template entry declares REDIS_URI) are told where it is: the
        // others have no Redis client at all (shared/redis), as deployed
        if (function.environment().containsKey("REDIS_URI")) {
            for (String name : REDIS_PASSTHROUGH) {
                if (shell.get(name) != null && !shell.get(name).isBlank()) {
                    env.putIfAbsent(name, shell.get(name));
                }
            }
            boolean redisConfigured = !env.getOrDefault("REDIS_URI", "").isBlank() || !env.getOrDefault("REDIS_HOST", "").isBlank();
            if (!redisConfigured && embeddedRedisUri != null) {
                env.put("REDIS_URI", embeddedRedisUri);
            }
        }

        Map<String, String> lambda = new LinkedHashMap<>();
        lambda.put("PATH", shell.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        if (shell.containsKey("HOME")) {
            lambda.put("HOME", shell.get("HOME"));
        }
        lambda.put("LANG", "en_US.UTF-8");
        lambda.put("TZ", ":UTC");
        lambda.put("AWS_REGION", region);
        lambda.put("AWS_DEFAULT_REGION", region);
        lambda.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        lambda.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        lambda.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb()));
        lambda.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        lambda.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        lambda.put("_HANDLER", function.handler());
        lambda.putAll(env); // the function's own variables win, as Lambda lets them (except reserved ones)
        return lambda;
    }

    /** True when some source configures Redis, so no embedded Redis is needed. */
    public static boolean redisConfigured(Map<String, String> shell, EnvVarsFile file) {
        for (String name : List.of("REDIS_URI", "REDIS_HOST")) {
            if (!shell.getOrDefault(name, "").isBlank() || !file.global().getOrDefault(name, "").isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Names set in the env-vars file that no function declares: ignored, as SAM does, but said once. */
    public static Set<String> undeclared(Iterable<FunctionDef> functions, EnvVarsFile file) {
        Set<String> declared = new TreeSet<>();
        functions.forEach(f -> declared.addAll(f.environment().keySet()));
        Set<String> ignored = new TreeSet<>();
        file.sections().values().forEach(section -> section.keySet().stream().filter(n -> !declared.contains(n)).forEach(ignored::add));
        return ignored;
    }

    private static void overlay(Map<String, String> env, Map<String, String> values) {
        values.forEach((name, value) -> {
            if (env.containsKey(name)) {
                env.put(name, value);
            }
        });
    }
}
