package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsafety.local.template.FunctionDef;
import io.agentsafety.local.template.Route;
import io.agentsafety.local.template.SamTemplate;
import io.agentsafety.local.worker.Frames;
import io.agentsafety.local.worker.WorkerMain;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of each function artifact, as infra/local/bench/cold-start.sh runs it: JVM start → first handled event
 * (the process is spawned, the handler initialized, one real event answered), median of N fresh JVMs per mode:
 * <ul>
 *   <li>{@code plain}: no compiler flags (the template's {@code JAVA_TOOL_OPTIONS} removed);</li>
 *   <li>{@code c1}: the template's {@code JAVA_TOOL_OPTIONS} ({@code -XX:TieredStopAtLevel=1});</li>
 *   <li>{@code cds}: c1 plus an AppCDS archive of the artifact, dumped by one training run
 *       ({@code -XX:ArchiveClassesAtExit}) before the measured ones ({@code -XX:SharedArchiveFile}).</li>
 * </ul>
 * One function per artifact (its first routed function), with the event its route would get for
 * {@code infra/events/<module>.json} (an API Gateway v2 event is used as is, a bare body is wrapped into one). Workers get the runner's
 * environment and an embedded Redis, and the same heap flags as the local runner's workers.
 *
 * <pre>java -cp infra/local/target/local-runner.jar io.agentsafety.local.ColdStartBench
 *     [--template infra/template.yaml] [--runs 5] [--modes plain,c1,cds] [--only redact,budget-spend] [--jar-dir DIR]
 *     [--java-options "-Xlog:class+load:file=/tmp/cl.txt"] [--thread-cpu true]</pre>
 * {@code --jar-dir} measures other builds of the same artifacts (e.g. a copy of them before a change): a deployment
 * package {@code <x>-lambda.zip} or, from builds before the packages, a flat {@code <x>-lambda.jar}. A package runs the
 * way Lambda runs it ({@link LambdaTask}): unzipped once, its {@code lib/} jar on the class path, which is also what
 * the {@code cds} archive is dumped for;
 * {@code --java-options} adds worker flags (one string, split at spaces) to every run of every mode;
 * {@code --thread-cpu true} prints each run's CPU per worker thread to stderr ({@link #threadCpuMillis}).
 */
public final class ColdStartBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HEAP = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-Xss512k");
    /** {@code --thread-cpu true}: set once by {@link #main} before any run. */
    private static boolean threadCpu;

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path template = Path.of(options.getOrDefault("--template", "infra/template.yaml"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "5"));
        List<String> modes = List.of(options.getOrDefault("--modes", "plain,c1,cds").split(","));
        List<String> only = options.containsKey("--only") ? List.of(options.get("--only").split(",")) : List.of();
        Path jarDir = options.containsKey("--jar-dir") ? Path.of(options.get("--jar-dir")) : null;
        // extra worker flags for a look inside one start (e.g. -Xlog:class+load, -XX:StartFlightRecording=...)
        List<String> javaOptions = options.containsKey("--java-options")
            ? List.of(options.get("--java-options").trim().split("\\s+")) : List.of();
        threadCpu = Boolean.parseBoolean(options.getOrDefault("--thread-cpu", "false"));

        SamTemplate sam = SamTemplate.load(template, "us-east-1", Log::warn);
        Map<String, FunctionDef> byArtifact = new TreeMap<>();
        for (FunctionDef function : sam.functions().values()) {
            String artifact = artifactName(function.codeUri());
            FunctionDef chosen = byArtifact.get(artifact);
            if (chosen == null || (chosen.routes().isEmpty() && !function.routes().isEmpty())) {
                byArtifact.put(artifact, function);
            }
        }
        // absolute: a worker runs in its task root, as in Lambda, and dumps its archive here
        Path work = Files.createDirectories(Path.of("infra", "local", "target", "cold-start")).toAbsolutePath();
        // a stable worker jar: an AppCDS archive is only valid for the exact class path it was dumped with
        Path workerJar = Files.copy(WorkerJar.path(), work.resolve("worker.jar"), StandardCopyOption.REPLACE_EXISTING);

        System.out.printf("%-20s %-24s %7s %s%n", "artifact", "function", "MB", String.join("  ", modes.stream()
            .map(m -> String.format("%-37s", m + " median [runs] ms, cpu ms")).toList()));
        try (LocalRedis redis = LocalRedis.start()) {
            for (Map.Entry<String, FunctionDef> entry : byArtifact.entrySet()) {
                String artifact = entry.getKey();
                if (!only.isEmpty() && !only.contains(artifact)) {
                    continue;
                }
                FunctionDef function = entry.getValue();
                Path jar = jarDir == null ? function.codeUri() : artifactIn(jarDir, function.codeUri(), artifact);
                LambdaTask task = LambdaTask.of(jar);
                byte[] event = event(function, artifact);
                Map<String, String> env = FunctionEnvironment.of(function, Map.of(), EnvVarsFile.none(), redis.uri(), "us-east-1");
                StringBuilder line = new StringBuilder(String.format("%-20s %-24s %7.1f", artifact, function.logicalId(),
                    Files.size(jar) / 1e6));
                for (String mode : modes) {
                    List<String> flags = new ArrayList<>(HEAP);
                    flags.addAll(javaOptions);
                    Map<String, String> modeEnv = new LinkedHashMap<>(env);
                    if (mode.equals("plain")) {
                        modeEnv.remove("JAVA_TOOL_OPTIONS");
                    }
                    if (mode.equals("cds")) {
                        Path archive = work.resolve(artifact + (jarDir == null ? "" : "-" + jarDir.getFileName()) + ".jsa");
                        Files.deleteIfExists(archive);
                        List<String> dump = new ArrayList<>(flags);
                        dump.add("-XX:ArchiveClassesAtExit=" + archive);
                        once(function, task, workerJar, dump, modeEnv, event);
                        flags.add("-XX:SharedArchiveFile=" + archive);
                    }
                    long[] millis = new long[runs];
                    long[] cpu = new long[runs];
                    long[] mainCpu = new long[runs];
                    String status = "";
                    for (int i = 0; i < runs; i++) {
                        Result result = once(function, task, workerJar, flags, modeEnv, event);
                        millis[i] = result.millis;
                        cpu[i] = result.cpuMillis;
                        mainCpu[i] = result.mainCpuMillis;
                        status = result.status;
                    }
                    line.append(String.format("  %-26s", median(millis) + " " + Arrays.toString(millis)));
                    line.append(String.format(" cpu %-5s main %-5s", median(cpu), median(mainCpu)));
                    if (mode.equals(modes.get(modes.size() - 1))) {
                        line.append("  ").append(status);
                    }
                }
                System.out.println(line);
            }
        }
    }

    /**
     * Wall time from spawn to the answer, and the worker's CPU time (user + system, all threads) at that moment: on a
     * shared machine the wall time grows with other load, the CPU time much less, so the two together tell a real
     * change from noise.
     */
    private record Result(long millis, long cpuMillis, long mainCpuMillis, String status) {
    }

    /**
     * The CPU time of the worker's main thread (Linux: /proc/PID/task/TID/stat, the threads named "java": the Java
     * main thread and the launcher's, which only waits), -1 elsewhere. The start's critical path: work moved to another
     * thread leaves it, so on an idle machine the wall time follows it; under load it is, like the total, much less
     * disturbed than the wall time. Clock ticks (10 ms).
     */
    static long mainThreadCpuMillis(long pid) {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (Path task : threads.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open || !stat.substring(open + 1, close).equals("java")) {
                    continue;
                }
                // after "(comm) ": state is field 3, utime and stime are fields 14 and 15
                String[] fields = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 10;
    }

    /**
     * CPU ms per thread name at the answer (names as the kernel keeps them, 15 characters; same names summed), largest
     * first: which of the compiler, GC and event-loop threads the total CPU goes to ({@code --thread-cpu true}).
     */
    static Map<String, Long> threadCpuMillis(long pid) {
        Map<String, Long> byName = new HashMap<>();
        try (var threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : threads.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] fields = stat.substring(close + 2).split(" ");
                long ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
                byName.merge(stat.substring(open + 1, close).replaceAll("\\d+$", "#"), ms, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        byName.entrySet().stream().filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One fresh JVM: spawn → READY → one event answered; then stdin is closed and the worker exits. */
    private static Result once(FunctionDef function, LambdaTask task, Path workerJar, List<String> flags,
                               Map<String, String> env, byte[] event) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        command.addAll(List.of("-cp", task.classPathArgument(workerJar), WorkerMain.class.getName(), function.handler(),
            function.logicalId(), String.valueOf(function.memoryMb())));
        Path log = Path.of("infra", "local", "target", "cold-start", function.logicalId() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toAbsolutePath().toFile())
            .directory(task.workingDirectory().toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long begin = System.nanoTime();
        Process process = builder.start();
        try (DataOutputStream in = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
             DataInputStream out = new DataInputStream(new BufferedInputStream(process.getInputStream()))) {
            Frames.Response ready = Frames.readResponse(out);
            if (ready.type() != Frames.READY) {
                throw new IllegalStateException(function.logicalId() + " failed to initialize, see " + log);
            }
            Frames.writeRequest(in, new Frames.Request("bench", System.currentTimeMillis() + 60_000, event));
            Frames.Response response = Frames.readResponse(out);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            long cpuMillis = process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
            long mainCpuMillis = mainThreadCpuMillis(process.pid());
            if (threadCpu) {
                // threads that ended before the answer (warm-ups) are only in the total
                System.err.println(function.logicalId() + " cpu " + cpuMillis + " main " + mainCpuMillis
                    + ", live threads (cpu ms): " + threadCpuMillis(process.pid()));
            }
            String status = response.type() == Frames.RESULT ? statusOf(response.payload()) : "error";
            in.close();
            process.waitFor(30, TimeUnit.SECONDS);
            return new Result(millis, cpuMillis, mainCpuMillis, status);
        } finally {
            process.destroyForcibly();
        }
    }

    /** {@code functions/x/target/x-lambda.zip} (or a flat {@code x-lambda.jar} of older builds) → {@code x}. */
    static String artifactName(Path codeUri) {
        return codeUri.getFileName().toString().replaceFirst("-lambda\\.(zip|jar)$", "");
    }

    /**
     * The artifact of {@code --jar-dir}: the package of the template's file name, else a flat {@code <x>-lambda.jar}
     * (copies of builds from before the packages, still measured as they ran then).
     */
    static Path artifactIn(Path dir, Path codeUri, String artifact) throws IOException {
        Path same = dir.resolve(codeUri.getFileName());
        if (Files.exists(same)) {
            return same;
        }
        Path flatJar = dir.resolve(artifact + "-lambda.jar");
        if (Files.exists(flatJar)) {
            return flatJar;
        }
        throw new IOException("--jar-dir " + dir + " has neither " + same.getFileName() + " nor " + flatJar.getFileName());
    }

    private static String statusOf(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            return node.has("statusCode") ? "HTTP " + node.get("statusCode").asText() : "ok";
        } catch (IOException e) {
            return "ok";
        }
    }

    /** The event the function's first route gets for infra/events/<artifact>.json, or that file as the direct event. */
    private static byte[] event(FunctionDef function, String artifact) throws IOException {
        Path file = Path.of("infra", "events", artifact + ".json");
        byte[] body = Files.exists(file) ? Files.readAllBytes(file) : "{}".getBytes(StandardCharsets.UTF_8);
        if (function.routes().isEmpty() || JSON.readTree(body).has("requestContext")) {
            return body;
        }
        Route route = function.routes().get(0);
        String method = route.method().equals(Route.ANY) ? "POST" : route.method();
        String path = route.path().replaceAll("\\{[^}]+}", "bench-run-1");
        boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        HttpRequestData request = new HttpRequestData(method, path, "",
            Map.of("content-type", List.of("application/json"), "host", List.of("127.0.0.1")),
            hasBody ? body : new byte[0], "127.0.0.1", "127.0.0.1");
        Map<String, String> pathParameters = new LinkedHashMap<>();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\{([^}+]+)\\+?}").matcher(route.path());
        while (names.find()) {
            pathParameters.put(names.group(1), "bench-run-1");
        }
        return ApiEventBuilder.bytes(request, route, pathParameters, "bench", Instant.now());
    }
}
