package io.agentsafety.testing.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.agentsafety.testing.e2b.StandInHttp.JSON;

/**
 * {@code process.Process/Start} (§5): one enveloped request in, a real process, and the server stream
 * {@code start → data* (≤ 32 KiB, keepalives in silences) → end → 0x02 {}} out, with the deadline of
 * {@code Connect-Timeout-Ms} and the scripted faults.
 */
final class StartStream {

    private static final int CHUNK = 32 * 1024;
    private static final String DEADLINE_ERROR =
        "{\"error\":{\"code\":\"deadline_exceeded\",\"message\":\"context deadline exceeded\"}}";

    private final E2bStandIn standIn;

    StartStream(E2bStandIn standIn) {
        this.standIn = standIn;
    }

    private record Output(String stream, byte[] bytes) {
    }

    void handle(HttpExchange exchange, StandInSandbox sandbox, byte[] body) throws IOException {
        String type = String.valueOf(StandInHttp.header(exchange, "Content-Type"));
        if (!type.startsWith("application/connect+json")) {
            StandInHttp.text(exchange, 415, "invalid content-type: \"" + type + "\"");
            return;
        }
        JsonNode request = readEnvelope(body);
        if (request == null) {
            EnvdRoutes.connectError(exchange, 400, "invalid_argument", "malformed request envelope");
            return;
        }
        Faults faults = standIn.faults();
        JsonNode proc = request.path("process");
        List<String> argv = new ArrayList<>();
        argv.add(proc.path("cmd").asText());
        proc.path("args").forEach(a -> argv.add(a.asText()));
        String command = argv.get(argv.size() - 1);
        Faults.CommandFault fault = faults.commandFaults.get(command);

        exchange.getResponseHeaders().set("Content-Type", "application/connect+json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        FrameSink sink = new FrameSink(out, faults.chunking);
        String problem = checkUserAndCwd(exchange, sandbox, proc);
        if (problem != null || fault == Faults.CommandFault.ERROR_BEFORE_OUTPUT) {
            sink.write(FrameSink.END_STREAM, problem != null ? problem
                : "{\"error\":{\"code\":\"invalid_argument\",\"message\":\"scripted error before output\"}}");
            sink.idle();
            out.close();
            return;
        }
        Path cwd = proc.hasNonNull("cwd") ? sandbox.resolve(proc.path("cwd").asText()) : sandbox.home;
        ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", sandbox.home.toString());
        env.put("USER", "user");
        env.put("LOGNAME", "user");
        env.putAll(sandbox.envVars);
        proc.path("envs").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        StandInProcess process = new StandInProcess(builder.start(), command);
        process.process.getOutputStream().close();
        sandbox.processes.put(process.pid(), process);

        long timeoutMs = parseLong(StandInHttp.header(exchange, "Connect-Timeout-Ms"));
        boolean deadlineOn = timeoutMs > 0 && faults.deadline != Faults.DeadlineBehaviour.IGNORE;
        long deadline = deadlineOn ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) : Long.MAX_VALUE;
        if (deadlineOn) {
            // envd kills the process at the deadline even when the client went away
            standIn.timers.schedule(process::killTree, timeoutMs, TimeUnit.MILLISECONDS);
        }
        try {
            stream(sandbox, process, sink, faults, fault, deadline, keepalive(exchange, faults));
        } finally {
            out.close();
        }
    }

    private void stream(StandInSandbox sandbox, StandInProcess process, FrameSink sink, Faults faults,
                        Faults.CommandFault fault, long deadline, Duration keepalive) throws IOException {
        BlockingQueue<Output> queue = new LinkedBlockingQueue<>();
        pump(process.process.getInputStream(), "stdout", queue);
        pump(process.process.getErrorStream(), "stderr", queue);
        sink.write(0, event("{\"start\":{\"pid\":" + process.pid() + "}}", faults));
        sink.idle();
        long lastSent = System.nanoTime();
        int open = 2;
        while (open > 0 || process.process.isAlive()) {
            if (sandbox.gone) {
                throw new IOException("sandbox " + sandbox.id + " was killed: stream cut");
            }
            if (System.nanoTime() >= deadline) {
                atDeadline(process, sink, faults);
                return;
            }
            Output output;
            try {
                output = open > 0 ? queue.poll(50, TimeUnit.MILLISECONDS) : null;
                if (open == 0) {
                    process.process.waitFor(50, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (output == null) {
                sink.idle();
                if (System.nanoTime() - lastSent >= keepalive.toNanos()) {
                    sink.write(0, event("{\"keepalive\":{}}", faults));
                    sink.idle();
                    lastSent = System.nanoTime();
                }
                continue;
            }
            if (output.bytes == null) {
                open--;
                continue;
            }
            String b64 = Base64.getEncoder().encodeToString(output.bytes);
            sink.write(0, event("{\"data\":{\"" + output.stream + "\":\"" + b64 + "\"}}", faults));
            if (faults.keepaliveBetweenData) {
                sink.write(0, event("{\"keepalive\":{}}", faults));
            }
            lastSent = System.nanoTime();
            if (fault == Faults.CommandFault.RESET_AFTER_OUTPUT) {
                sink.idle();
                throw new IOException("scripted reset mid-stream");
            }
        }
        if (sandbox.gone) {
            throw new IOException("sandbox " + sandbox.id + " was killed: stream cut");
        }
        sink.write(0, event(endEvent(process), faults));
        if (fault != Faults.CommandFault.MISSING_END_STREAM) {
            sink.write(FrameSink.END_STREAM, "{}");
        }
        sink.idle();
    }

    private void atDeadline(StandInProcess process, FrameSink sink, Faults faults) throws IOException {
        process.killTree();
        switch (faults.deadline) {
            case END_KILLED_THEN_ERROR -> {
                sink.write(0, event("{\"end\":{\"exitCode\":-1,\"status\":\"signal: killed\",\"error\":\"signal: killed\"}}", faults));
                sink.write(FrameSink.END_STREAM, DEADLINE_ERROR);
            }
            case RESET -> {
                sink.idle();
                throw new IOException("scripted reset at the deadline");
            }
            default -> sink.write(FrameSink.END_STREAM, DEADLINE_ERROR);
        }
        sink.idle();
    }

    private static String endEvent(StandInProcess process) {
        if (process.killedBySignal) {
            return "{\"end\":{\"exitCode\":-1,\"status\":\"signal: killed\",\"error\":\"signal: killed\"}}";
        }
        int code = process.process.exitValue();
        if (code == 0) {
            return "{\"end\":{\"exited\":true,\"status\":\"exit status 0\"}}";
        }
        return "{\"end\":{\"exitCode\":" + code + ",\"exited\":true,\"status\":\"exit status " + code
            + "\",\"error\":\"exit status " + code + "\"}}";
    }

    /** Wraps a ProcessEvent in a StartResponse, adding Go-protojson noise when asked (#11). */
    private static String event(String processEvent, Faults faults) {
        String json = "{\"event\":" + processEvent + "}";
        if (faults.protocolNoise) {
            json = "{\"futureField\":{\"x\":[1, 2]}, " + json.substring(1).replace(",", ", ");
        }
        return json;
    }

    private static void pump(InputStream in, String stream, BlockingQueue<Output> queue) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[CHUNK];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    byte[] copy = new byte[n];
                    System.arraycopy(buffer, 0, copy, 0, n);
                    queue.add(new Output(stream, copy));
                }
            } catch (IOException ignored) {
                // the process was killed: its pipe is gone
            }
            queue.add(new Output(stream, null));
        }, "e2b-standin-" + stream);
        t.setDaemon(true);
        t.start();
    }

    private static String checkUserAndCwd(HttpExchange exchange, StandInSandbox sandbox, JsonNode proc) {
        String auth = StandInHttp.header(exchange, "Authorization");
        if (auth != null) {
            String user = auth.startsWith("Basic ")
                ? new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).replaceAll(":.*$", "")
                : "";
            if (!user.equals("user") && !user.equals("root")) {
                return "{\"error\":{\"code\":\"unauthenticated\",\"message\":\"invalid username: '" + user + "'\"}}";
            }
        }
        if (proc.hasNonNull("cwd")) {
            String cwd = proc.path("cwd").asText();
            Path dir = sandbox.resolve(cwd);
            if (!sandbox.contains(dir) || !Files.isDirectory(dir)) {
                return "{\"error\":{\"code\":\"invalid_argument\",\"message\":\"cwd '" + cwd.replace("\"", "")
                    + "' does not exist\"}}";
            }
        }
        return null;
    }

    private static Duration keepalive(HttpExchange exchange, Faults faults) {
        if (faults.keepaliveInterval != null) {
            return faults.keepaliveInterval;
        }
        long seconds = parseLong(StandInHttp.header(exchange, "Keepalive-Ping-Interval"));
        return Duration.ofSeconds(seconds > 0 ? seconds : 90);
    }

    /** The single enveloped request message (flag 0), or null when malformed. */
    private static JsonNode readEnvelope(byte[] body) {
        if (body.length < 5 || body[0] != 0) {
            return null;
        }
        int length = ByteBuffer.wrap(body, 1, 4).getInt();
        if (length < 0 || length != body.length - 5) {
            return null;
        }
        try {
            return JSON.readTree(new String(body, 5, length, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
