package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.BackendHealth;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxBackend;
import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxInfo;
import io.agentsafety.sandbox.SandboxSpec;
import io.agentsafety.sandbox.Reconnectable;
import io.micronaut.json.tree.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The E2B backend: sandboxes in E2B's cloud through its control plane ({@link ControlPlane}) and each
 * sandbox's envd ({@link EnvdClient}), over one Micronaut HTTP client. E2B publishes no Java SDK; this
 * follows the wire protocol of {@code shared/e2b-protocol.md} and SDK 2.51's behaviour.
 */
public final class E2bBackend implements SandboxBackend, Reconnectable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(E2bBackend.class);
    static final Duration DEFAULT_SANDBOX_TIMEOUT = Duration.ofSeconds(300);

    private final E2bConfig config;
    private final E2bHttp http;
    private final ControlPlane controlPlane;

    public E2bBackend(E2bConfig config) {
        this.config = config;
        this.http = new E2bHttp();
        this.controlPlane = new ControlPlane(config, http);
    }

    @Override
    public String name() {
        return "e2b";
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        JsonNode body = createBody(spec);
        ControlPlane.Created created = controlPlane.create(body);
        try {
            EnvdClient envd = new EnvdClient(http, config.envdUrl(created.sandboxId(), created.domain()),
                created.sandboxId(), created.envdAccessToken(), config.requestTimeout());
            LOG.info("E2B sandbox {} created (envd {})", created.sandboxId(), created.envdVersion());
            return new E2bSandbox(created.sandboxId(), controlPlane, envd, config.deadlineMargin(), config.maxUploadBytes());
        } catch (RuntimeException e) {
            killAfterFailedCreate(created.sandboxId());
            throw e;
        }
    }

    /** A sandbox created earlier (by another invocation of a Step Functions run), reached again by its id. */
    @Override
    public Sandbox connect(String sandboxId) {
        ControlPlane.Created connected = controlPlane.connect(sandboxId);
        EnvdClient envd = new EnvdClient(http, config.envdUrl(connected.sandboxId(), connected.domain()),
            connected.sandboxId(), connected.envdAccessToken(), config.requestTimeout());
        return new E2bSandbox(connected.sandboxId(), controlPlane, envd, config.deadlineMargin(), config.maxUploadBytes());
    }

    /** The v2 create body (§2.3): always {@code timeout}, {@code metadata}, {@code envVars} and {@code network}. */
    JsonNode createBody(SandboxSpec spec) {
        Map<String, JsonNode> body = new LinkedHashMap<>();
        body.put("templateID", JsonNode.createStringNode(spec.template() == null || spec.template().isBlank() ? config.defaultTemplate() : spec.template()));
        body.put("timeout", JsonNode.createNumberNode(ControlPlane.ceilSeconds(spec.timeout() == null ? DEFAULT_SANDBOX_TIMEOUT : spec.timeout())));
        Map<String, String> metadata = new LinkedHashMap<>(spec.metadata());
        if (spec.deadline() != null) {
            metadata.putIfAbsent("deadline", spec.deadline().toString());
        }
        body.put("metadata", E2bJson.strings(metadata));
        body.put("envVars", E2bJson.strings(spec.envVars()));
        EgressRules.apply(spec.egress(), body);
        return JsonNode.createObjectNode(body);
    }

    @Override
    public boolean kill(String sandboxId) {
        return controlPlane.kill(sandboxId);
    }

    @Override
    public void setTimeout(String sandboxId, Duration timeout) {
        controlPlane.setTimeout(sandboxId, timeout);
    }

    @Override
    public List<SandboxInfo> list(Map<String, String> metadataFilter) {
        return controlPlane.list(metadataFilter == null ? Map.of() : metadataFilter).stream().map(E2bBackend::info).toList();
    }

    /** Reachable = the control plane answered an authenticated list; E2B sandboxes are always isolated (microVMs). */
    @Override
    public BackendHealth health() {
        try {
            controlPlane.list(Map.of("agent-safety-health-probe", "1"));
            return new BackendHealth(name(), true, true, "E2B control plane at " + config.controlPlaneUrl() + " answered");
        } catch (SandboxException e) {
            return new BackendHealth(name(), false, true, "E2B control plane at " + config.controlPlaneUrl()
                + " failed: " + e.kind() + (e.kind() == SandboxException.Kind.UNAUTHORIZED ? " (API key refused)" : ""));
        } catch (RuntimeException e) {
            return new BackendHealth(name(), false, true, "E2B control plane check failed: " + e.getClass().getSimpleName());
        }
    }

    private void killAfterFailedCreate(String sandboxId) {
        try {
            controlPlane.kill(sandboxId);
        } catch (RuntimeException e) {
            LOG.warn("could not kill E2B sandbox {} after a failed create: {}", sandboxId, e.getMessage());
        }
    }

    private static SandboxInfo info(JsonNode json) {
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode fields = E2bJson.member(json, "metadata");
        if (E2bJson.isObject(fields)) {
            fields.entries().forEach(e -> metadata.put(e.getKey(), E2bJson.text(e.getValue(), "")));
        }
        String alias = E2bJson.string(json, "alias");
        String template = alias != null ? alias : E2bJson.text(E2bJson.member(json, "templateID"), null);
        return new SandboxInfo(E2bJson.text(E2bJson.member(json, "sandboxID"), ""), template, metadata,
            instant(E2bJson.string(json, "startedAt")), instant(E2bJson.string(json, "endAt")));
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public E2bConfig config() {
        return config;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "E2bBackend[" + config + "]";
    }
}
