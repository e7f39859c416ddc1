package io.agentsafety.sandbox.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /sandbox/exec} (SandboxExecRequest#parse): command or commands; unknown keys are refused. */
public record SandboxExecBody(
    @JsonProperty("run_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ApiSchemas.ID_PATTERN) String runId,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 65536, description = "one command (exactly one of command and commands)") String command,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "at most 50 items: a batch, run in order") List<String> commands,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "at most 50 items: files written into the sandbox before the commands") List<File> files,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "packages to install per ecosystem, e.g. {\"pip\": [\"requests==2.32.3\"]}") Map<String, List<String>> packages,
    @JsonProperty("timeout_ms") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "100", maximum = "900000", defaultValue = "60000") Long timeoutMs,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "at most 100 variables, names [A-Za-z_][A-Za-z0-9_]{0,127}") Map<String, String> env,
    @JsonProperty("stop_on_error") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Boolean stopOnError,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = "^[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}$") String template,
    @JsonProperty("estimated_cost") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, types = {"number", "string"}, description = "reserved before anything runs, " + ApiSchemas.AMOUNT) BigDecimal estimatedCost,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 256) String actor,
    @JsonProperty("approval_ids") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "at most 100 items: approved requests for the actions that need them (from a 403 approval_required)") List<String> approvalIds) {

    /** A file to write: a path inside the sandbox and its bytes. */
    public record File(String path, @JsonProperty("content_base64") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, contentEncoding = "base64") String contentBase64) {
    }
}
