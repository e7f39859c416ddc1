package io.agentsafety.sandbox.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.approvals.ApprovalIds;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.StrictJson;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /sandbox/exec}, typed. {@link #parse(byte[])} / {@link #from(JsonNode)} are the one place the body is
 * read: strictly (duplicate keys and unknown fields rejected, exact decimals, every bad field reported in one
 * 400, no value echoed); everything inward takes this record.
 *
 * @param commands      the command, or the batch, in order (the wire's {@code command} becomes a list of one)
 * @param packages      ecosystem name → validated package specs, in request order
 * @param timeoutMs     per command
 * @param estimatedCost micro-units, null = price per sandbox-second × the time the request may take
 * @param actor         who asks (the requester of any approval; an approver must be someone else), null = {@code sandbox-exec}
 * @param approvalIds   granted approvals to use, in any order: each covers the action it was granted for (exact action
 *                      and run), see {@link ExecPolicyGate}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SandboxExecRequest(
    @JsonProperty("run_id") String runId,
    List<String> commands,
    List<FileUpload> files,
    Map<String, List<String>> packages,
    @JsonProperty("timeout_ms") long timeoutMs,
    Map<String, String> env,
    @JsonProperty("stop_on_error") boolean stopOnError,
    String template,
    @JsonProperty("estimated_cost_micros") Long estimatedCostMicros,
    String actor,
    @JsonProperty("approval_ids") List<String> approvalIds) {

    public static final long DEFAULT_TIMEOUT_MS = 60_000;
    public static final long MIN_TIMEOUT_MS = 100;
    /** Lambda's own ceiling: no single command can outlive the function that watches it. */
    public static final long MAX_TIMEOUT_MS = 900_000;
    static final int MAX_COMMANDS = 50;
    static final int MAX_COMMAND_LENGTH = 65_536;
    static final int MAX_FILES = 50;
    static final int MAX_PACKAGES = 50;
    static final int MAX_ENV = 100;
    static final int MAX_APPROVAL_IDS = 100;
    private static final Set<String> FIELDS = Set.of("run_id", "command", "commands", "files", "packages", "timeout_ms",
        "env", "stop_on_error", "template", "estimated_cost", "actor", "approval_ids");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}");

    /** One file to place in the workspace before the commands run. */
    @Serdeable
    public record FileUpload(String path, @JsonProperty("content_base64") String contentBase64) {
        public byte[] content() {
            return Base64.getDecoder().decode(contentBase64);
        }
    }

    public SandboxExecRequest {
        commands = List.copyOf(commands);
        files = files == null ? List.of() : List.copyOf(files);
        packages = packages == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(packages));
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        approvalIds = approvalIds == null ? List.of() : List.copyOf(approvalIds);
    }

    public static SandboxExecRequest parse(byte[] body, PackageEcosystems ecosystems) {
        return from(StrictJson.parseObject(body), ecosystems);
    }

    public static SandboxExecRequest from(JsonNode object, PackageEcosystems ecosystems) {
        JsonFields f = JsonFields.of(object).allowOnly(FIELDS);
        String runId = f.identifier("run_id", true);
        List<String> commands = commands(f);
        List<FileUpload> files = files(f);
        Map<String, List<String>> packages = packages(f, ecosystems);
        Long timeout = f.optionalLong("timeout_ms", MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
        Map<String, String> env = f.optionalStringMap("env", MAX_ENV, 32_768);
        if (env != null) {
            for (String name : env.keySet()) {
                if (!ENV_NAME.matcher(name).matches()) {
                    f.error("env", "names must be letters, digits and _ (not starting with a digit), at most 128 characters");
                    break;
                }
            }
        }
        Boolean stopOnError = f.optionalBoolean("stop_on_error");
        String template = f.optionalString("template", 128);
        if (template != null && !TEMPLATE.matcher(template).matches()) {
            f.error("template", "must be a template id or name (letters, digits, . _ / : -)");
        }
        Long estimate = f.amountMicros("estimated_cost", false, true);
        String actor = f.optionalString("actor", 256);
        if (actor != null && actor.isBlank()) {
            f.error("actor", "must not be blank");
        }
        List<String> approvalIds = f.optionalStringList("approval_ids", MAX_APPROVAL_IDS, 64);
        if (approvalIds != null) {
            JsonNode items = f.raw("approval_ids");
            for (int i = 0; i < items.size(); i++) {
                // by position in the raw array: the list skips items that already failed (not a string, empty, too long)
                JsonNode item = items.get(i);
                if (item.isString() && !item.getStringValue().isEmpty() && item.getStringValue().length() <= 64
                    && !ApprovalIds.isValid(item.getStringValue())) {
                    f.error("approval_ids[" + i + "]", "must be " + ApprovalIds.GRAMMAR);
                }
            }
        }
        f.validate();
        return new SandboxExecRequest(runId, commands, files, packages, timeout == null ? DEFAULT_TIMEOUT_MS : timeout,
            env, stopOnError == null || stopOnError, template, estimate, actor, approvalIds);
    }

    private static List<String> commands(JsonFields f) {
        boolean one = f.has("command");
        boolean many = f.has("commands");
        if (one && many) {
            f.error("command", "give either command or commands, not both");
            return List.of();
        }
        if (!one && !many) {
            f.error("command", "is required (or commands: a list)");
            return List.of();
        }
        if (one) {
            String command = f.optionalString("command", MAX_COMMAND_LENGTH);
            return command == null ? List.of() : List.of(command);
        }
        List<String> list = f.optionalStringList("commands", MAX_COMMANDS, MAX_COMMAND_LENGTH);
        if (list != null && f.raw("commands").size() == 0) {
            f.error("commands", "must have at least one command");
        }
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isBlank()) {
                    f.error("commands[" + i + "]", "must not be blank");
                }
            }
        }
        return list == null ? List.of() : list;
    }

    private static List<FileUpload> files(JsonFields f) {
        JsonNode value = f.raw("files");
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            f.error("files", "must be an array of {path, content_base64}");
            return List.of();
        }
        if (value.size() > MAX_FILES) {
            f.error("files", "must have at most " + MAX_FILES + " items");
            return List.of();
        }
        List<FileUpload> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String at = "files[" + i + "]";
            JsonNode item = value.get(i);
            if (item == null || !item.isObject()) {
                f.error(at, "must be an object {path, content_base64}");
                continue;
            }
            JsonFields file = JsonFields.of(item).allowOnly(Set.of("path", "content_base64"));
            String path = file.requiredString("path", 1024);
            if (path != null && (path.contains("\0") || List.of(path.split("/")).contains(".."))) {
                file.error("path", "must stay inside the workspace (no '..')");
            }
            JsonNode content = file.raw("content_base64");
            String base64 = null;
            if (content == null) {
                if (!file.has("content_base64")) {
                    file.error("content_base64", "is required");
                }
            } else if (!content.isString()) {
                file.error("content_base64", "must be a base64 string");
            } else {
                try {
                    Base64.getDecoder().decode(content.getStringValue());
                    base64 = content.getStringValue();
                } catch (IllegalArgumentException e) {
                    file.error("content_base64", "is not valid base64");
                }
            }
            if (file.hasErrors()) {
                nest(f, file, at);
            } else {
                out.add(new FileUpload(path, base64));
            }
        }
        return out;
    }

    private static Map<String, List<String>> packages(JsonFields f, PackageEcosystems ecosystems) {
        JsonFields packages = f.optionalObject("packages");
        if (packages == null) {
            return Map.of();
        }
        packages.allowOnly(ecosystems.names());
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : ecosystems.names()) {
            List<String> specs = packages.optionalStringList(name, MAX_PACKAGES, 256);
            if (specs == null) {
                continue;
            }
            PackageEcosystem ecosystem = ecosystems.get(name).orElseThrow();
            for (int i = 0; i < specs.size(); i++) {
                if (!ecosystem.accepts(specs.get(i))) {
                    packages.error(name + "[" + i + "]", "is not a valid " + name + " package: " + ecosystem.grammar());
                }
            }
            if (!specs.isEmpty()) {
                out.put(name, specs);
            }
        }
        return out;
    }

    /** Copies a nested object's problems into the request's, under its path ({@code files[2].path}). */
    private static void nest(JsonFields outer, JsonFields inner, String at) {
        try {
            inner.validate();
        } catch (io.agentsafety.core.ProblemException e) {
            for (var error : e.problem().errors()) {
                outer.error(at + "." + error.field(), error.message());
            }
        }
    }

    /** Decoded size of all files (the body limit bounds it; the backend caps each upload too). */
    public long fileBytes() {
        return files.stream().mapToLong(file -> file.contentBase64().length() * 3L / 4).sum();
    }
}
