package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The Step Functions API (AWS JSON 1.0, {@code X-Amz-Target: AWSStepFunctions.<Action>}) on loopback, for the
 * template's functions and for people: {@code StartExecution}, {@code DescribeExecution}, {@code SendTaskSuccess},
 * {@code SendTaskFailure}, {@code SendTaskHeartbeat}. Functions reach it through {@code AWS_ENDPOINT_URL_SFN}, the
 * AWS SDK's own endpoint override, so the production client code runs unchanged. Requests must be SigV4-signed
 * (an {@code Authorization: AWS4-HMAC-SHA256 …/states/aws4_request} header), as the real service requires;
 * the signature itself is not checked (the runner has no real credentials).
 */
public final class StepFunctionsServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final LocalStateMachines machines;

    private StepFunctionsServer(HttpServer server, LocalStateMachines machines) {
        this.server = server;
        this.machines = machines;
    }

    public static StepFunctionsServer start(LocalStateMachines machines) throws IOException {
        // read once per JVM, by the first HttpServer: this one starts before the ApiServer, which sets it too late
        // (without it every keep-alive answer waited ~40 ms for a delayed ACK: Nagle on the headers/body writes)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        StepFunctionsServer sfn = new StepFunctionsServer(server, machines);
        server.createContext("/", sfn::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sfn-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return sfn;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith("AWSStepFunctions.")) {
                reply(exchange, 400, error("UnknownOperationException", "expected POST with X-Amz-Target: AWSStepFunctions.<Action>"));
                return;
            }
            if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=") || !auth.contains("/states/aws4_request")) {
                reply(exchange, 400, error("MissingAuthenticationTokenException", "the request is not SigV4-signed for states"));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                reply(exchange, 400, error("SerializationException", "the body is not JSON"));
                return;
            }
            String action = target.substring("AWSStepFunctions.".length());
            ObjectNode answer = switch (action) {
                case "StartExecution" -> startExecution(body);
                case "DescribeExecution" -> describe(body);
                case "SendTaskSuccess" -> taskResult(body, true);
                case "SendTaskFailure" -> taskResult(body, false);
                case "SendTaskHeartbeat" -> machines.tokens().heartbeat(body.path("taskToken").asText())
                    ? JSON.createObjectNode() : error("TaskTimedOut", "no execution waits on this token");
                default -> error("UnknownOperationException", "operation " + action + " is not served locally");
            };
            reply(exchange, answer.has("__type") ? 400 : 200, answer);
        }
    }

    private ObjectNode startExecution(JsonNode body) {
        String machine = machines.machineOf(body.path("stateMachineArn").asText(""));
        if (machine == null) {
            return error("StateMachineDoesNotExist", "no such state machine");
        }
        try {
            JsonNode input = body.has("input") ? JSON.readTree(body.get("input").asText()) : JSON.createObjectNode();
            LocalStateMachines.Started started = machines.start(machine, body.hasNonNull("name") ? body.get("name").asText() : null, input);
            ObjectNode out = JSON.createObjectNode();
            out.put("executionArn", started.executionArn());
            out.put("startDate", started.startDate().toEpochMilli() / 1000.0);
            return out;
        } catch (IllegalStateException e) {
            return error("ExecutionAlreadyExists", "an execution with this name exists");
        } catch (IOException e) {
            return error("InvalidExecutionInput", "input is not JSON");
        }
    }

    private ObjectNode describe(JsonNode body) {
        LocalStateMachines.Started started = machines.describe(body.path("executionArn").asText(""));
        if (started == null) {
            return error("ExecutionDoesNotExist", "no such execution");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("executionArn", started.executionArn());
        out.put("stateMachineArn", machines.arn(started.machine()));
        out.put("name", started.name());
        out.put("startDate", started.startDate().toEpochMilli() / 1000.0);
        Execution.Result result = started.result().getNow(null);
        if (result == null) {
            out.put("status", "RUNNING");
        } else {
            out.put("status", result.status());
            if (result.succeeded()) {
                out.put("output", result.output() == null ? "null" : result.output().toString());
            } else {
                out.put("error", result.error());
                out.put("cause", result.cause());
            }
        }
        return out;
    }

    private ObjectNode taskResult(JsonNode body, boolean success) {
        String token = body.path("taskToken").asText("");
        boolean delivered;
        if (success) {
            JsonNode output;
            try {
                output = JSON.readTree(body.path("output").asText("null"));
            } catch (IOException e) {
                return error("InvalidOutput", "output is not JSON");
            }
            delivered = machines.tokens().succeed(token, output);
        } else {
            delivered = machines.tokens().fail(token, body.path("error").asText(""), body.path("cause").asText(""));
        }
        return delivered ? JSON.createObjectNode() : error("TaskDoesNotExist", "no execution waits on this task token");
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("__type", type);
        out.put("message", message);
        return out;
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
