package io.agentsafety.client;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything about a safe execution besides the commands: files to place in the workspace, packages to install,
 * the per-command timeout, environment (whose values are also redacted from the output), whether to stop at the
 * first failing command, the sandbox template and the cost estimate to reserve.
 */
public final class SandboxOptions {

    /** A file placed in the sandbox before the commands run. */
    public record SandboxFile(String path, byte[] content) {
        public SandboxFile {
            content = content.clone();
        }

        public static SandboxFile text(String path, String content) {
            return new SandboxFile(path, content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final List<SandboxFile> files = new ArrayList<>();
    private final Map<String, List<String>> packages = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Duration timeout;
    private Boolean stopOnError;
    private String template;
    private BigDecimal estimatedCost;

    public static SandboxOptions defaults() {
        return new SandboxOptions();
    }

    public SandboxOptions file(SandboxFile file) {
        files.add(file);
        return this;
    }

    /** {@code ecosystem}: {@code pip} or {@code npm}; names are validated by the service against its grammar. */
    public SandboxOptions packages(String ecosystem, List<String> names) {
        packages.computeIfAbsent(ecosystem, k -> new ArrayList<>()).addAll(names);
        return this;
    }

    public SandboxOptions env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public SandboxOptions timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public SandboxOptions stopOnError(boolean stopOnError) {
        this.stopOnError = stopOnError;
        return this;
    }

    public SandboxOptions template(String template) {
        this.template = template;
        return this;
    }

    public SandboxOptions estimatedCost(BigDecimal estimatedCost) {
        this.estimatedCost = estimatedCost;
        return this;
    }

    void writeTo(Map<String, Object> body) {
        if (!files.isEmpty()) {
            body.put("files", files.stream().map(f -> Map.of("path", f.path(),
                "content_base64", java.util.Base64.getEncoder().encodeToString(f.content()))).toList());
        }
        if (!packages.isEmpty()) {
            body.put("packages", packages);
        }
        if (!env.isEmpty()) {
            body.put("env", env);
        }
        if (timeout != null) {
            body.put("timeout_ms", timeout.toMillis());
        }
        if (stopOnError != null) {
            body.put("stop_on_error", stopOnError);
        }
        if (template != null) {
            body.put("template", template);
        }
        if (estimatedCost != null) {
            body.put("estimated_cost", estimatedCost.toPlainString());
        }
    }
}
