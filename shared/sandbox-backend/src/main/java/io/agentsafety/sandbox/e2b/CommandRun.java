package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.SandboxException;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.json.tree.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One command over {@code process.Process/Start} (§5): {@code /bin/bash -l -c <command>} with
 * {@code stdin:false}, the timeout sent as {@code Connect-Timeout-Ms} (envd kills the process there) and
 * enforced again here at timeout + margin (then {@code SendSignal SIGKILL}). Output over the cap kills the
 * process too: the caller asked for at most that much, and a command flooding its output must not run on
 * until its timeout. A command that ran is a result; the sandbox failing is an exception.
 */
final class CommandRun {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRun.class);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** envd sends a keepalive after this many silent seconds (the SDK's value). */
    static final String KEEPALIVE_SECONDS = "50";

    private final EnvdClient envd;
    private final Duration margin;

    CommandRun(EnvdClient envd, Duration margin) {
        this.envd = envd;
        this.margin = margin;
    }

    ExecResult run(ExecRequest exec) {
        if (exec == null || exec.command() == null || exec.command().isEmpty()) {
            throw new SandboxException(SandboxException.Kind.INVALID, "a command is required");
        }
        if (exec.maxOutputBytes() < 0) {
            throw new SandboxException(SandboxException.Kind.INVALID, "maxOutputBytes must not be negative");
        }
        Duration timeout = exec.timeout() == null ? DEFAULT_TIMEOUT : exec.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new SandboxException(SandboxException.Kind.INVALID, "a command timeout must be positive");
        }
        CompletableFuture<Long> pidKnown = new CompletableFuture<>();
        CompletableFuture<Void> capHit = new CompletableFuture<>();
        ProcessStreamReader reader = new ProcessStreamReader(exec.maxOutputBytes(), pidKnown::complete,
            () -> capHit.complete(null));
        StreamCollector collector = new StreamCollector(reader);
        long started = System.nanoTime();
        E2bHttp.Cancellable stream = envd.http().stream(startRequest(exec, timeout), collector);
        long clientDeadline = started + timeout.plus(margin).toNanos();
        boolean killedForCap = false;
        try {
            while (true) {
                long remaining = clientDeadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException();
                }
                CompletableFuture<?> wake = killedForCap ? collector.done : CompletableFuture.anyOf(collector.done, capHit);
                wake.get(remaining, TimeUnit.NANOSECONDS);
                if (collector.done.isDone()) {
                    break;
                }
                killedForCap = true;
                killQuietly(pidKnown.getNow(-1L), "output over the cap");
            }
        } catch (TimeoutException e) {
            stream.cancel();
            killQuietly(pidKnown.getNow(-1L), "client-side deadline");
            return timedOut(reader, started);
        } catch (InterruptedException e) {
            stream.cancel();
            killQuietly(pidKnown.getNow(-1L), "interrupted");
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "interrupted while the command ran");
        } catch (ExecutionException e) {
            throw E2bErrors.transport("run command", e.getCause());
        }
        if (collector.failure != null) {
            stream.cancel();
        }
        return outcome(collector, reader, started, timeout);
    }

    private ExecResult outcome(StreamCollector collector, ProcessStreamReader reader, long started, Duration timeout) {
        long elapsedNanos = System.nanoTime() - started;
        if (collector.status != 200) {
            throw collector.status < 0
                ? E2bErrors.transport("run command", collector.failure)
                : E2bErrors.envd("run command", new HttpReply(collector.status, collector.headers, collector.errorBody()));
        }
        if (collector.failure instanceof SandboxException e) {
            // a protocol error: the process may still run
            killQuietly(reader.pid(), "protocol error");
            throw e;
        }
        if (collector.failure != null || !reader.endStream()) {
            // §4.2: a body without the end-stream frame is a dropped connection, however it ended
            return afterCut(reader, started, elapsedNanos >= timeout.toNanos());
        }
        if (reader.errorCode() != null) {
            if (reader.errorCode().equals("deadline_exceeded")) {
                killQuietly(reader.pid(), "server-side deadline");
                return timedOut(reader, started);
            }
            throw E2bErrors.endStream("run command", reader.errorCode(), reader.errorMessage());
        }
        ProcessStreamReader.End end = reader.end();
        if (end == null) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "run command: the process exited without a result");
        }
        boolean killedAtDeadline = !end.exited() && elapsedNanos >= timeout.toNanos();
        if (killedAtDeadline) {
            return timedOut(reader, started);
        }
        return new ExecResult(end.exitCode(), reader.stdout(), reader.stderr(), millis(started), false, reader.truncated());
    }

    /** The stream broke without an end-stream: a deadline reset, the sandbox vanishing, or the network. */
    private ExecResult afterCut(ProcessStreamReader reader, long started, boolean pastTimeout) {
        if (pastTimeout && reader.end() == null) {
            killQuietly(reader.pid(), "reset at the deadline");
            return timedOut(reader, started);
        }
        int health = envd.health();
        if (health == 502) {
            throw E2bErrors.vanished("run command");
        }
        if (reader.end() == null) {
            killQuietly(reader.pid(), "stream cut");
        }
        throw new SandboxException(SandboxException.Kind.UNAVAILABLE,
            "run command: the stream ended without its end-stream frame (missing EndStreamResponse; connection dropped)"
            + (health >= 200 && health < 300 ? "; the sandbox is still alive" : "; envd unreachable"));
    }

    private ExecResult timedOut(ProcessStreamReader reader, long started) {
        return new ExecResult(-1, reader.stdout(), reader.stderr(), millis(started), true, reader.truncated());
    }

    private void killQuietly(long pid, String why) {
        if (pid < 0) {
            return;
        }
        try {
            envd.kill(pid);
        } catch (SandboxException e) {
            LOG.warn("could not kill process {} after {}: {}", pid, why, e.getMessage());
        }
    }

    private MutableHttpRequest<Object> startRequest(ExecRequest exec, Duration timeout) {
        Map<String, JsonNode> process = new LinkedHashMap<>();
        process.put("cmd", JsonNode.createStringNode("/bin/bash"));
        process.put("args", E2bJson.strings(List.of("-l", "-c", exec.command())));
        if (!exec.env().isEmpty()) {
            process.put("envs", E2bJson.strings(exec.env()));
        }
        if (exec.cwd() != null) {
            process.put("cwd", JsonNode.createStringNode(exec.cwd()));
        }
        Map<String, JsonNode> body = new LinkedHashMap<>();
        body.put("process", JsonNode.createObjectNode(process));
        body.put("stdin", JsonNode.createBooleanNode(false));
        MutableHttpRequest<Object> request = envd.request("POST", "/process.Process/Start");
        request.header("Connect-Protocol-Version", "1");
        request.header("Connect-Timeout-Ms", Long.toString(timeout.toMillis()));
        request.header("Keepalive-Ping-Interval", KEEPALIVE_SECONDS);
        request.contentType("application/connect+json");
        request.body(ConnectEnvelopes.encode(E2bJson.write(JsonNode.createObjectNode(body))));
        return request;
    }

    private static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Collects one Start response on the event loop. */
    private static final class StreamCollector implements E2bHttp.StreamHandler {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final ProcessStreamReader reader;
        private final ConnectEnvelopes.Reader envelopes;
        private final java.io.ByteArrayOutputStream errorBody = new java.io.ByteArrayOutputStream();
        volatile int status = -1;
        volatile Map<String, String> headers = Map.of();
        volatile Throwable failure;

        StreamCollector(ProcessStreamReader reader) {
            this.reader = reader;
            this.envelopes = new ConnectEnvelopes.Reader(reader::accept);
        }

        @Override
        public void onStatus(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = headers;
        }

        @Override
        public void onChunk(byte[] chunk) {
            if (done.isDone()) {
                return;
            }
            if (status != 200) {
                if (errorBody.size() < 64 * 1024) {
                    errorBody.write(chunk, 0, chunk.length);
                }
                return;
            }
            try {
                envelopes.feed(chunk);
            } catch (SandboxException e) {
                failure = e;
                done.complete(null);
            }
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        @Override
        public void onError(Throwable error) {
            if (failure == null) {
                failure = error;
            }
            done.complete(null);
        }

        byte[] errorBody() {
            return errorBody.toByteArray();
        }
    }
}
