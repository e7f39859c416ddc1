package io.agentsafety.policy.action;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Money;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.names.EnvironmentNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds the {@code params} of a check request to the typed action of its type. Every problem is reported into the
 * {@link JsonFields} (one 400 naming each bad field, values never echoed; unknown keys refused so a typo cannot pass
 * silently); the action is returned only when the whole request is valid. Evaluators see only the typed action, so
 * nothing past this point answers a 400.
 */
public final class ActionBinding {

    /** Longer texts are accepted and analysed up to the analyzer's limit, which then asks for approval. */
    public static final int MAX_TEXT = 1_048_576;
    public static final int MAX_PATHS = 1000;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private static final Map<ActionType, Set<String>> KNOWN_PARAMS = Map.of(
        ActionType.EXECUTE_CODE, Set.of("command", "code", "language", "sql", "shell", "cwd", "env", "timeout_seconds", "description"),
        ActionType.DELETE_FILES, Set.of("paths", "path", "recursive", "force", "cwd"),
        ActionType.NETWORK_ACCESS, Set.of("url", "host", "port", "method", "protocol", "description"),
        ActionType.DEPLOY, Set.of("environment", "target", "version", "ref", "service", "strategy", "description"),
        ActionType.CREATE_BILLING, Set.of("amount", "currency", "customer", "description", "idempotency_key"));

    private ActionBinding() {
    }

    /** The params this action understands; any other field is a 400. */
    public static Set<String> knownParams(ActionType type) {
        return KNOWN_PARAMS.get(type);
    }

    /** The typed action, or null when {@code params} (or the request they belong to) has problems, all reported. */
    public static PolicyAction bind(ActionType type, JsonFields params) {
        return switch (type) {
            case EXECUTE_CODE -> executeCode(params);
            case DELETE_FILES -> deleteFiles(params);
            case NETWORK_ACCESS -> networkAccess(params);
            case DEPLOY -> deploy(params);
            case CREATE_BILLING -> billing(params);
        };
    }

    public static ExecuteCodeAction executeCode(JsonFields params) {
        params.allowOnly(knownParams(ActionType.EXECUTE_CODE));
        String command = params.optionalString("command", MAX_TEXT);
        String code = params.optionalString("code", MAX_TEXT);
        String sql = params.optionalString("sql", MAX_TEXT);
        String language = params.optionalString("language", 64);
        String shell = params.optionalString("shell", 64);
        String cwd = params.optionalString("cwd", 4096);
        Map<String, String> env = params.optionalStringMap("env", 256, 4096);
        Long timeout = params.optionalLong("timeout_seconds", 1, 86_400);
        String description = params.optionalString("description", 4096);
        int given = (params.has("command") ? 1 : 0) + (params.has("code") ? 1 : 0) + (params.has("sql") ? 1 : 0);
        if (given == 0) {
            params.error("command", "is required (or give code with language, or sql)");
        } else if (given > 1) {
            params.error(params.has("command") ? "command" : "code", "give exactly one of command, code (with language) or sql");
        }
        if (params.has("code") && !params.has("language")) {
            params.error("language", "is required with code");
        } else if (params.has("language") && !params.has("code")) {
            params.error("language", "is only allowed with code");
        }
        if (env != null) {
            env.keySet().stream().filter(k -> !ENV_NAME.matcher(k).matches()).findFirst()
                .ifPresent(k -> params.error("env", "keys must be environment variable names"));
        }
        return params.hasErrors() ? null
            : new ExecuteCodeAction(command, code, language, sql, shell, cwd, env, timeout, description);
    }

    public static DeleteFilesAction deleteFiles(JsonFields params) {
        params.allowOnly(knownParams(ActionType.DELETE_FILES));
        List<String> paths = new ArrayList<>();
        if (params.has("paths")) {
            List<String> list = params.optionalStringList("paths", MAX_PATHS, 4096);
            if (list != null) {
                if (list.isEmpty()) {
                    params.error("paths", "must name at least one path");
                }
                paths.addAll(list);
            }
        }
        if (params.has("path")) {
            String single = params.optionalString("path", 4096);
            if (single != null) {
                paths.add(single);
            }
        }
        if (!params.has("paths") && !params.has("path")) {
            params.error("paths", "is required (a list of paths, or use path for one)");
        }
        Boolean recursive = params.optionalBoolean("recursive");
        Boolean force = params.optionalBoolean("force");
        String cwd = params.optionalString("cwd", 4096);
        if (cwd != null && !DeleteFilesAction.isAnchored(cwd)) {
            params.error("cwd", "must be an absolute path (or start with ~)");
        }
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).indexOf('\0') >= 0) {
                params.error("paths[" + i + "]", "must not contain NUL characters");
            }
        }
        return params.hasErrors() ? null
            : new DeleteFilesAction(paths, Boolean.TRUE.equals(recursive), Boolean.TRUE.equals(force), cwd);
    }

    public static NetworkAccessAction networkAccess(JsonFields params) {
        params.allowOnly(knownParams(ActionType.NETWORK_ACCESS));
        String url = params.optionalString("url", 8192);
        String host = params.optionalString("host", 1024);
        Long port = params.optionalLong("port", 1, 65535);
        String method = params.optionalString("method", 16);
        String protocol = params.optionalString("protocol", 16);
        String description = params.optionalString("description", 2048);
        if (url != null && (host != null || params.has("port"))) {
            params.error("url", "give either url, or host with an optional port, not both");
        } else if (url == null && host == null && !params.hasErrors()) {
            params.error("url", "is required (or give host and port)");
        } else if (host == null && params.has("port") && url == null) {
            params.error("host", "is required with port");
        }
        return params.hasErrors() ? null
            : new NetworkAccessAction(url, host, port == null ? null : port.intValue(), method, protocol, description);
    }

    public static DeployAction deploy(JsonFields params) {
        params.allowOnly(knownParams(ActionType.DEPLOY));
        String environment = params.requiredString("environment", 128);
        String target = params.optionalString("target", 512);
        String version = params.optionalString("version", 256);
        String ref = params.optionalString("ref", 256);
        String service = params.optionalString("service", 256);
        String strategy = params.optionalString("strategy", 64);
        String description = params.optionalString("description", 2048);
        if (environment != null && EnvironmentNames.normalize(environment).isEmpty()) {
            params.error("environment", "must contain a visible name");
        }
        return environment == null || params.hasErrors() ? null
            : new DeployAction(environment, target, version, ref, service, strategy, description);
    }

    public static BillingAction billing(JsonFields params) {
        params.allowOnly(knownParams(ActionType.CREATE_BILLING));
        Long micros = params.amountMicros("amount", true, false);
        String currency = params.requiredString("currency", 3);
        if (currency != null && !BillingAction.CURRENCY.matcher(currency.toUpperCase(Locale.ROOT)).matches()) {
            params.error("currency", "must be a three-letter ISO 4217 code such as USD");
        }
        String customer = params.requiredString("customer", 256);
        String description = params.optionalString("description", 2048);
        String idempotencyKey = params.optionalString("idempotency_key", 255);
        return micros == null || currency == null || customer == null || params.hasErrors() ? null
            : new BillingAction(Money.toDecimal(micros), currency.toUpperCase(Locale.ROOT), customer, description, idempotencyKey);
    }
}
