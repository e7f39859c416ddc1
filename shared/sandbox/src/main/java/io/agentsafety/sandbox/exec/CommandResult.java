package io.agentsafety.sandbox.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One command's outcome as answered: output already redacted. Output that is not UTF-8 is answered base64
 * with {@code stdout_encoding}/{@code stderr_encoding: "base64"} (absent for text).
 *
 * @param kind {@code "command"}, or {@code "install"} for a package install the request asked for
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(
    String command,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String kind,
    @JsonProperty("exit_code") int exitCode,
    String stdout,
    String stderr,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("stdout_encoding") String stdoutEncoding,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("stderr_encoding") String stderrEncoding,
    @JsonProperty("duration_ms") long durationMs,
    @JsonProperty("timed_out") boolean timedOut,
    boolean truncated) {

    public boolean failed() {
        return exitCode != 0 || timedOut;
    }
}
