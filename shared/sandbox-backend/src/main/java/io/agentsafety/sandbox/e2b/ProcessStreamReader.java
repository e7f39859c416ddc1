package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxException;
import io.micronaut.json.tree.JsonNode;

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
            JsonNode error = json.get("error");
            if (E2bJson.isObject(error)) {
                errorCode = E2bJson.text(error.get("code"), "unknown");
                errorMessage = E2bJson.string(error, "message");
            }
            return;
        }
        JsonNode event = json.get("event");
        if (pid < 0) {
            JsonNode start = E2bJson.member(event, "start");
            if (!E2bJson.isObject(start)) {
                throw protocol("expected the start event first");
            }
            pid = E2bJson.integer(start.get("pid"), -1);
            if (pid < 0) {
                throw protocol("start event without a pid");
            }
            onPid.accept(pid);
            return;
        }
        JsonNode data = E2bJson.member(event, "data");
        JsonNode e = E2bJson.member(event, "end");
        if (E2bJson.isObject(data)) {
            if (data.get("stdout") != null) {
                keep(stdout, data.get("stdout"));
            } else if (data.get("pty") != null) {
                keep(stdout, data.get("pty"));
            } else if (data.get("stderr") != null) {
                keep(stderr, data.get("stderr"));
            }
        } else if (E2bJson.isObject(e)) {
            JsonNode code = e.get("exitCode");
            long exit = code == null || code.isNull() ? 0 : E2bJson.integer(code, Long.MIN_VALUE);
            int exitCode = exit < Integer.MIN_VALUE || exit > Integer.MAX_VALUE ? Integer.MIN_VALUE : (int) exit;
            if (exitCode == Integer.MIN_VALUE) {
                throw protocol("end event with an unreadable exitCode");
            }
            end = new End(exitCode, E2bJson.bool(e.get("exited"), false), E2bJson.text(e.get("status"), ""));
        }
        // keepalive and unknown events: nothing to do
    }

    private void keep(CappedOutput output, JsonNode base64) {
        if (!base64.isString()) {
            throw protocol("data that is not base64 text");
        }
        if (!output.append(decode(base64.getStringValue()))) {
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
