package io.agentsafety.local;

import io.agentsafety.local.template.FunctionDef;
import io.agentsafety.local.worker.Frames;
import io.agentsafety.local.worker.WorkerMain;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function's execution environment: a JVM started from the function's own artifact ({@link LambdaTask}: a deployment
 * package runs unzipped, as in Lambda) plus the worker jar,
 * handling one invocation at a time over {@link Frames}. Its stderr (the function's log) is redacted as one stream ({@link LogRelay}) and copied to the
 * runner's stderr, each line prefixed with the function's logical id. A timeout kills the process.
 */
final class WorkerProcess {

    private final FunctionDef function;
    private final Process process;
    private final DataOutputStream requests;
    private final DataInputStream responses;
    private final long codeStamp;
    /** The current invocation's (or the init's) timeout; forgotten when the process ends. */
    private final Deadlines.Deadline deadline = Deadlines.register(this::timeOut);
    private volatile boolean timedOut;
    private volatile boolean broken;

    private WorkerProcess(FunctionDef function, Process process, long codeStamp) {
        this.function = function;
        this.process = process;
        this.codeStamp = codeStamp;
        this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        this.responses = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        process.onExit().thenRun(deadline::close);
    }

    static WorkerProcess start(FunctionDef function, Map<String, String> environment, WorkerOptions options) throws WorkerException {
        if (!Files.exists(function.codeUri())) {
            throw new WorkerException(WorkerException.Kind.INIT_FAILED, function.logicalId() + ": CodeUri " + function.codeUri()
                + " does not exist (build it: ./mvnw -B -ntp -DskipTests package)");
        }
        // before unpacking: a package rebuilt meanwhile then makes this worker stale rather than look current
        long codeStamp = codeStamp(function.codeUri());
        LambdaTask task;
        try {
            task = LambdaTask.of(function.codeUri());
        } catch (IOException e) {
            throw new WorkerException(WorkerException.Kind.INIT_FAILED, function.logicalId() + ": cannot unpack CodeUri "
                + function.codeUri() + ": " + e.getMessage());
        }
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // a small initial heap that grows on demand and shrinks back: a worker's RSS follows what it uses
            "-Xms16m", "-Xmx" + options.heapMb() + "m", "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=15",
            "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=32m", "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8",
            "-cp", task.classPathArgument(WorkerJar.path()),
            WorkerMain.class.getName(), function.handler(), function.logicalId(), String.valueOf(function.memoryMb())));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        // glibc's default of 8 malloc arenas per core keeps freed native memory of every JVM thread resident; two
        // arenas are plenty for a worker that serves one request at a time (BENCHMARK.md: measured per worker)
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        builder.directory(task.workingDirectory().toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new WorkerException(WorkerException.Kind.INIT_FAILED, function.logicalId() + ": cannot start java: " + e.getMessage());
        }
        WorkerProcess worker = new WorkerProcess(function, process, codeStamp);
        worker.copyLog();
        worker.awaitReady(options.initTimeout());
        return worker;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return !broken && process.isAlive();
    }

    /** True when the function's artifact was rebuilt since this worker started: its classes are outdated. */
    boolean isStale() {
        return codeStamp(function.codeUri()) != codeStamp;
    }

    private static long codeStamp(Path codeUri) {
        try {
            return Files.isRegularFile(codeUri) ? Files.getLastModifiedTime(codeUri).toMillis() + Files.size(codeUri) : 0;
        } catch (IOException e) {
            return -1; // being rewritten right now
        }
    }

    /** Sends one event and waits for the function's answer, at most the function's Timeout. */
    Invocation invoke(byte[] event, String requestId) throws WorkerException {
        Duration timeout = Duration.ofSeconds(function.timeoutSeconds());
        deadline.arm(timeout.toMillis());
        try {
            try {
                Frames.writeRequest(requests, new Frames.Request(requestId, System.currentTimeMillis() + timeout.toMillis(), event));
            } catch (IOException e) {
                // the pipe is closed: the worker died (killed, OOM) before this request reached it
                broken = true;
                process.destroyForcibly();
                throw new WorkerException(WorkerException.Kind.UNDELIVERED, function.logicalId() + " worker (pid " + pid()
                    + ") was gone before the request reached it");
            }
            Frames.Response response = Frames.readResponse(responses);
            return new Invocation(response.payload(), response.type() == Frames.ERROR, requestId, response.handlerNanos());
        } catch (IOException e) {
            broken = true;
            process.destroyForcibly();
            if (timedOut) {
                throw new WorkerException(WorkerException.Kind.TIMEOUT, function.logicalId() + " timed out after " + timeout.toSeconds() + " s");
            }
            throw new WorkerException(WorkerException.Kind.CRASHED, function.logicalId() + " worker (pid " + pid() + ") died: " + e.getMessage());
        } finally {
            deadline.disarm();
        }
    }

    void stop() {
        broken = true;
        try {
            requests.close(); // end of stdin: the worker exits by itself
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    void stopInBackground() {
        Thread stopper = new Thread(this::stop, "stop-" + process.pid());
        stopper.setDaemon(true);
        stopper.start();
    }

    private void timeOut() {
        timedOut = true;
        process.destroyForcibly();
    }

    private void awaitReady(Duration timeout) throws WorkerException {
        deadline.arm(timeout.toMillis());
        try {
            Frames.Response response = Frames.readResponse(responses);
            if (response.type() == Frames.READY) {
                return;
            }
            process.destroyForcibly();
            throw new WorkerException(WorkerException.Kind.INIT_FAILED, function.logicalId() + " failed to initialize: "
                + ErrorDocument.type(response.payload()) + " (see its log above)");
        } catch (IOException e) {
            process.destroyForcibly();
            throw new WorkerException(WorkerException.Kind.INIT_FAILED, function.logicalId() + (timedOut
                ? " did not initialize within " + timeout.toSeconds() + " s" : " worker exited during init (see its log above)"));
        } finally {
            deadline.disarm();
        }
    }

    private void copyLog() {
        Thread copier = new Thread(() -> {
            try {
                new LogRelay(line -> Log.relayRedacted(function.logicalId(), line)).copy(process.getErrorStream());
            } catch (IOException ignored) {
                // the process ended
            }
        }, "log-" + function.logicalId() + "-" + process.pid());
        copier.setDaemon(true);
        copier.start();
    }
}
