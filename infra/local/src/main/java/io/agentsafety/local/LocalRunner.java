package io.agentsafety.local;

import io.agentsafety.local.template.FunctionDef;
import io.agentsafety.local.template.RouteTable;
import io.agentsafety.local.states.LambdaTasks;
import io.agentsafety.local.states.LocalStateMachines;
import io.agentsafety.local.states.StepFunctionsServer;
import io.agentsafety.local.template.SamTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local stack: the template's functions, one {@link FunctionPool} of isolated worker JVMs each, their
 * environments, and the embedded Redis when none is configured. Shared by {@code start-api} and {@code invoke}.
 */
public final class LocalRunner implements AutoCloseable {

    public record Settings(Path template, Path envVars, Map<String, String> shell, WorkerOptions workers) {
    }

    private final SamTemplate template;
    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    private final LocalRedis redis;
    private final LocalStateMachines stateMachines;
    private final StepFunctionsServer stepFunctions;

    private LocalRunner(SamTemplate template, LocalRedis redis, Map<String, String> shell, EnvVarsFile envVars, WorkerOptions options,
                        String region) throws IOException {
        this.template = template;
        this.redis = redis;
        this.stateMachines = new LocalStateMachines(template.stateMachines(), new LambdaTasks(template.functions().keySet(),
            (logicalId, payload, error) -> {
                Invocation invocation = invoke(logicalId, payload);
                error[0] = invocation.functionError();
                return invocation.payload();
            }), region);
        this.stepFunctions = StepFunctionsServer.start(stateMachines);
        // What Lambda itself provides a function: credentials (dummies: nothing here checks them) and, as the AWS SDK
        // reads it, the endpoint of Step Functions, which is the runner's own (task tokens of the state machines).
        Map<String, String> services = new LinkedHashMap<>();
        services.put("AWS_ACCESS_KEY_ID", "ASIALOCALRUNNER00000");
        services.put("AWS_SECRET_ACCESS_KEY", "local-runner-secret-access-key");
        services.put("AWS_SESSION_TOKEN", "local-runner-session-token");
        services.put("AWS_ENDPOINT_URL_SFN", stepFunctions.url());
        services.put("SAFETY_APPROVALS_SFN_ENDPOINT", stepFunctions.url());
        String redisUri = redis == null ? null : redis.uri();
        for (FunctionDef function : template.functions().values()) {
            pools.put(function.logicalId(), new FunctionPool(function, () -> {
                Map<String, String> env = new LinkedHashMap<>(FunctionEnvironment.of(function, shell, envVars, redisUri, region));
                services.forEach(env::putIfAbsent);
                return env;
            }, options));
        }
    }

    /** The template's state machines, runnable locally ({@code start-execution}, or the Step Functions API). */
    public LocalStateMachines stateMachines() {
        return stateMachines;
    }

    /** Base URL of the local Step Functions API. */
    public String stepFunctionsUrl() {
        return stepFunctions.url();
    }

    public static LocalRunner start(Settings settings) throws IOException {
        String region = settings.shell().getOrDefault("AWS_REGION", settings.shell().getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        SamTemplate template = SamTemplate.load(settings.template(), region, Log::warn);
        EnvVarsFile envVars = settings.envVars() == null ? EnvVarsFile.none() : EnvVarsFile.read(settings.envVars());
        Set<String> ignored = FunctionEnvironment.undeclared(template.functions().values(), envVars);
        if (!ignored.isEmpty()) {
            Log.warn("--env-vars sets variables no function declares in the template (ignored, as SAM does): " + ignored);
        }
        for (FunctionDef function : template.functions().values()) {
            if (!Files.exists(function.codeUri())) {
                Log.warn(function.logicalId() + ": CodeUri " + function.codeUri() + " is not built yet");
            }
        }
        LocalRedis redis = null;
        if (!FunctionEnvironment.redisConfigured(settings.shell(), envVars)) {
            redis = LocalRedis.start();
            Log.info("embedded Redis on " + redis.uri());
        }
        return new LocalRunner(template, redis, settings.shell(), envVars, settings.workers(), region);
    }

    public SamTemplate template() {
        return template;
    }

    public RouteTable routes() {
        return template.routes();
    }

    public Invocation invoke(String logicalId, byte[] event) throws WorkerException {
        FunctionPool pool = pools.get(logicalId);
        if (pool == null) {
            throw new IllegalArgumentException("no function " + logicalId + " in " + template.file() + " (have: " + pools.keySet() + ")");
        }
        return pool.invoke(event);
    }

    /**
     * Starts one worker per routed function now instead of on first request (functions without HttpApi routes can
     * only be invoked directly, so they are left cold); a function that fails to start is logged.
     */
    public void warm() {
        pools.entrySet().parallelStream().filter(e -> !template.functions().get(e.getKey()).routes().isEmpty()).forEach(entry -> {
            try {
                entry.getValue().warm();
            } catch (WorkerException e) {
                Log.warn(e.getMessage());
            }
        });
    }

    /** Process ids of a function's live workers, and of the embedded Redis: for tests and the benchmark. */
    public List<Long> workerPids(String logicalId) {
        return pools.get(logicalId).pids();
    }

    public long redisPid() {
        return redis == null ? -1 : redis.pid();
    }

    public String redisUri() {
        return redis == null ? null : redis.uri();
    }

    @Override
    public void close() {
        stepFunctions.close();
        stateMachines.close();
        pools.values().parallelStream().forEach(FunctionPool::close);
        if (redis != null) {
            redis.close();
        }
    }
}
