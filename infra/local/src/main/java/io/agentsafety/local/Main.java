package io.agentsafety.local;

import io.agentsafety.local.template.Route;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local-runner.jar start-api|invoke ...}: the template's HTTP API served locally without
 * Docker, or one function invoked with an event file. See {@link #USAGE}.
 */
public final class Main {

    static final String USAGE = """
        usage:
          local-runner start-api [--template infra/template.yaml] [--port 8080] [--host 127.0.0.1]
                                 [--env-vars env.json] [--warm] [--workers-per-function 1]
                                 [--worker-heap-mb 128] [--threads 32]
          local-runner invoke <LogicalId> --event <file.json|-> [--template infra/template.yaml] [--env-vars env.json]
          local-runner start-execution <StateMachineLogicalId> --input <json|@file.json|-> [--name N]
                                 [--port 8080] [--timeout-seconds 3600] [--template ...] [--env-vars ...]

        start-execution runs one execution of a template state machine against the local functions while serving
        the HTTP API (so a person can approve a waiting request), prints {"status","output"|"error","cause",
        "history"} and exits 0 when it succeeded, 1 when it failed.

        --port 0 picks a free port; the bound address is printed on stdout as "listening on http://host:port".
        Environment per function, later wins: template value < shell variable (only for variables bound to a
        template Parameter, e.g. SAFETY_POLICY_NETWORK_ALLOWLIST, REDIS_URI) < env-vars "Parameters" < env-vars
        "<LogicalId>". An embedded Redis starts unless REDIS_URI or REDIS_HOST is set.
        """;

    private Main() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(64);
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("error: no such file: " + e.getFile());
            System.exit(66);
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args, PrintStream out) throws Exception {
        return run(args, out, System.getenv());
    }

    static int run(String[] args, PrintStream out, Map<String, String> shell) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 64 : 0;
        }
        Options options = Options.parse(args);
        options.shell = shell;
        return switch (options.command) {
            case "start-api" -> startApi(options, out);
            case "invoke" -> invoke(options, out);
            case "start-execution" -> startExecution(options, out);
            default -> throw new IllegalArgumentException("unknown command " + options.command);
        };
    }

    private static int startApi(Options options, PrintStream out) throws Exception {
        LocalRunner runner = LocalRunner.start(options.settings());
        ApiServer server;
        try {
            server = ApiServer.start(runner, options.host, options.port, options.threads);
        } catch (IOException e) {
            runner.close();
            throw new IOException("cannot listen on " + options.host + ":" + options.port + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            runner.close();
            stopped.countDown();
        }, "local-runner-stop"));
        for (Route route : runner.routes().routes()) {
            Log.info("route " + route.routeKey() + " -> " + route.functionId());
        }
        if (options.warm) {
            runner.warm();
        }
        // executions can be started and task tokens answered there (the approval functions already know it)
        Log.info("Step Functions API (AWS JSON 1.0) on " + runner.stepFunctionsUrl());
        out.println("listening on http://" + options.host + ":" + server.port());
        out.flush();
        stopped.await();
        return 0;
    }

    private static int invoke(Options options, PrintStream out) throws Exception {
        if (options.functionId == null || options.event == null) {
            throw new IllegalArgumentException("invoke needs a LogicalId and --event");
        }
        byte[] event = options.event.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(options.event));
        try (LocalRunner runner = LocalRunner.start(options.settings())) {
            Invocation result = runner.invoke(options.functionId, event);
            out.println(new String(result.payload(), StandardCharsets.UTF_8));
            out.flush();
            return result.functionError() ? 1 : 0;
        }
    }

    private static int startExecution(Options options, PrintStream out) throws Exception {
        if (options.functionId == null || options.input == null) {
            throw new IllegalArgumentException("start-execution needs a state machine LogicalId and --input");
        }
        String inputText = options.input.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : options.input.startsWith("@") ? Files.readString(Path.of(options.input.substring(1))) : options.input;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode input;
        try {
            input = json.readTree(inputText);
        } catch (IOException e) {
            throw new IllegalArgumentException("--input is not JSON");
        }
        try (LocalRunner runner = LocalRunner.start(options.settings());
             ApiServer server = ApiServer.start(runner, options.host, options.port, options.threads)) {
            Log.info("serving the API on http://" + options.host + ":" + server.port() + " and Step Functions on "
                + runner.stepFunctionsUrl() + " while the execution runs");
            io.agentsafety.local.states.LocalStateMachines.Started started =
                runner.stateMachines().start(options.functionId, options.name, input);
            Log.info("execution " + started.executionArn());
            io.agentsafety.local.states.Execution.Result result =
                runner.stateMachines().await(started, Duration.ofSeconds(options.timeoutSeconds));
            com.fasterxml.jackson.databind.node.ObjectNode report = json.createObjectNode();
            report.put("executionArn", started.executionArn());
            report.put("status", result.status());
            if (result.succeeded()) {
                report.set("output", result.output());
            } else {
                report.put("error", result.error());
                report.put("cause", result.cause());
            }
            report.set("history", json.valueToTree(started.execution().history()));
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            out.flush();
            return result.succeeded() ? 0 : 1;
        }
    }

    static final class Options {
        String command;
        String functionId;
        String event;
        Path template = Path.of("infra", "template.yaml");
        Path envVars;
        String host = "127.0.0.1";
        int port = 8080;
        int threads = 32;
        int workersPerFunction = WorkerOptions.defaults().maxWorkersPerFunction();
        int heapMb = WorkerOptions.defaults().heapMb();
        boolean warm;
        String input;
        String name;
        int timeoutSeconds = 3600;
        Map<String, String> shell = System.getenv();

        static Options parse(String[] args) {
            Options o = new Options();
            o.command = args[0];
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--template", "-t" -> o.template = Path.of(value(args, ++i, arg));
                    case "--env-vars", "-n" -> o.envVars = Path.of(value(args, ++i, arg));
                    case "--event", "-e" -> o.event = value(args, ++i, arg);
                    case "--host" -> o.host = value(args, ++i, arg);
                    case "--port", "-p" -> o.port = number(value(args, ++i, arg), arg, 0, 65535);
                    case "--threads" -> o.threads = number(value(args, ++i, arg), arg, 1, 512);
                    case "--workers-per-function" -> o.workersPerFunction = number(value(args, ++i, arg), arg, 1, 64);
                    case "--worker-heap-mb" -> o.heapMb = number(value(args, ++i, arg), arg, 32, 65536);
                    case "--warm" -> o.warm = true;
                    case "--input", "-i" -> o.input = value(args, ++i, arg);
                    case "--name" -> o.name = value(args, ++i, arg);
                    case "--timeout-seconds" -> o.timeoutSeconds = number(value(args, ++i, arg), arg, 1, 86400);
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        positional.add(arg);
                    }
                }
            }
            if ((o.command.equals("invoke") || o.command.equals("start-execution")) && !positional.isEmpty()) {
                o.functionId = positional.remove(0);
            }
            if (!positional.isEmpty()) {
                throw new IllegalArgumentException("unexpected arguments " + positional);
            }
            return o;
        }

        LocalRunner.Settings settings() {
            return new LocalRunner.Settings(template, envVars, new HashMap<>(shell),
                new WorkerOptions(heapMb, workersPerFunction, Duration.ofSeconds(60)));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String text, String option, int min, int max) {
            try {
                int n = Integer.parseInt(text);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number");
            }
        }
    }
}
