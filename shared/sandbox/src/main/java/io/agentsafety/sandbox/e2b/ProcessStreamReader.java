package io.agentsafety.sandbox.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.sandbox.SandboxException;

import java.util.Base64;
import java.util.function.LongConsumer;

/**
 * Reads the events of a {@code Process/Start} stream (§5.2): {@code start} first (its pid lets the caller kill
 * the process), {@code data} as base64 raw bytes per event into capped stdout/stderr, {@code keepalive}
 * ignored, {@code end} (a missing {@code exitCode} is 0), then the end-stream frame ({@code {}} or
 * {@code {"error":{…}}}). Unknown fields and event kinds are ignored, as protojson allows. Runs on the HTTP
 * client's event loop: it never blocks, it only records and signals.
 */
final class ProcessStreamReader {

    /** The {@code end} event. */
    record End(int exitCode, boolean exited, String status) {
    }

    private final CappedOutput stdout;
    private final CappedOutput stderr;
    private final LongConsumer onPid;
    private final Runnable onCapExceeded;
    private long pid = -1;
    private End end;
    private boolean endStream;
    private String errorCode;
    private String errorMessage;

    ProcessStreamReader(int maxOutputBytes, LongConsumer onPid, Runnable onCapExceeded) {
        this.stdout = new CappedOutput(maxOutputBytes);
        this.stderr = new CappedOutput(maxOutputBytes);
        this.onPid = onPid;
        this.onCapExceeded = onCapExceeded;
    }

    void accept(ConnectEnvelopes.Envelope envelope) {
        JsonNode json = E2bErrors.parse(envelope.payload());
        if (json == null || !json.isObject()) {
            throw protocol("a frame is not a JSON object");
        }
        if (envelope.endStream()) {
            endStream = true;
            JsonNode error = json.path("error");
            if (error.isObject()) {
                errorCode = error.path("code").asText("unknown");
                errorMessage = error.path("message").isTextual() ? error.path("message").asText() : null;
            }
            return;
        }
        JsonNode event = json.path("event");
        if (pid < 0) {
            if (!event.path("start").isObject()) {
                throw protocol("expected the start event first");
            }
            pid = event.path("start").path("pid").asLong(-1);
            if (pid < 0) {
                throw protocol("start event without a pid");
            }
            onPid.accept(pid);
            return;
        }
        if (event.path("data").isObject()) {
            JsonNode data = event.path("data");
            if (data.has("stdout")) {
                keep(stdout, data.path("stdout"));
            } else if (data.has("pty")) {
                keep(stdout, data.path("pty"));
            } else if (data.has("stderr")) {
                keep(stderr, data.path("stderr"));
            }
        } else if (event.path("end").isObject()) {
            JsonNode e = event.path("end");
            JsonNode code = e.path("exitCode");
            int exitCode = code.isMissingNode() || code.isNull() ? 0 : code.asInt(Integer.MIN_VALUE);
            if (exitCode == Integer.MIN_VALUE) {
                throw protocol("end event with an unreadable exitCode");
            }
            end = new End(exitCode, e.path("exited").asBoolean(false), e.path("status").asText(""));
        }
        // keepalive and unknown events: nothing to do
    }

    private void keep(CappedOutput output, JsonNode base64) {
        if (!base64.isTextual()) {
            throw protocol("data that is not base64 text");
        }
        if (!output.append(decode(base64.asText()))) {
            onCapExceeded.run();
        }
    }

    /** Standard base64, also URL-safe and unpadded (protojson readers accept both). */
    static byte[] decode(String text) {
        String s = text.replace('-', '+').replace('_', '/');
        int pad = (4 - s.length() % 4) % 4;
        if (pad == 3) {
            throw protocol("malformed base64 data");
        }
        try {
            return Base64.getDecoder().decode(s + "==".substring(0, pad));
        } catch (IllegalArgumentException e) {
            throw protocol("malformed base64 data");
        }
    }

    private static SandboxException protocol(String what) {
        return new SandboxException(SandboxException.Kind.UNAVAILABLE, "envd protocol error: " + what);
    }

    long pid() {
        return pid;
    }

    End end() {
        return end;
    }

    boolean endStream() {
        return endStream;
    }

    String errorCode() {
        return errorCode;
    }

    String errorMessage() {
        return errorMessage;
    }

    byte[] stdout() {
        return stdout.toByteArray();
    }

    byte[] stderr() {
        return stderr.toByteArray();
    }

    boolean truncated() {
        return stdout.truncated() || stderr.truncated();
    }
}
