package io.agentsafety.testing.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.agentsafety.testing.e2b.StandInHttp.JSON;

/** envd (§9.2) behind the edge proxy: routing, token, health, process RPCs, files, filesystem RPCs. */
final class EnvdRoutes {

    private static final Pattern HOST = Pattern.compile("^(\\d+)-([a-z0-9]+)\\.[^:]+(?::\\d+)?$");

    private final E2bStandIn standIn;
    private final StartStream starts;

    EnvdRoutes(E2bStandIn standIn) {
        this.standIn = standIn;
        this.starts = new StartStream(standIn);
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        String id = StandInHttp.header(exchange, "E2b-Sandbox-Id");
        String port = StandInHttp.header(exchange, "E2b-Sandbox-Port");
        Matcher host = HOST.matcher(String.valueOf(StandInHttp.header(exchange, "Host")));
        if (id == null && host.matches()) {
            port = host.group(1);
            id = host.group(2);
        }
        if (id == null || port == null) {
            StandInHttp.text(exchange, 400, "missing header");
            return;
        }
        if (!port.equals(Integer.toString(E2bStandIn.ENVD_PORT))) {
            StandInHttp.text(exchange, 400, "Invalid sandbox port");
            return;
        }
        StandInSandbox sandbox = standIn.sandboxes.get(id);
        if (sandbox == null || sandbox.gone) {
            ObjectNode gone = JSON.createObjectNode();
            gone.put("sandboxId", id);
            gone.put("message", "The sandbox was not found");
            gone.put("code", 502);
            StandInHttp.json(exchange, 502, gone);
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health") && method.equals("GET")) {
            StandInHttp.empty(exchange, 204);
            return;
        }
        String token = StandInHttp.header(exchange, "X-Access-Token");
        boolean files = path.equals("/files");
        if (sandbox.token != null && (token != null || !files) && !sandbox.token.equals(token)) {
            StandInHttp.error(exchange, 401,
                "unauthorized access, please provide a valid access token or method signing if supported");
            return;
        }
        if (files && sandbox.token != null && token == null) {
            StandInHttp.error(exchange, 401, "missing signature query parameter");
            return;
        }
        switch (method + " " + path) {
            case "POST /process.Process/Start" -> starts.handle(exchange, sandbox, body);
            case "POST /process.Process/SendSignal" -> sendSignal(exchange, sandbox, body);
            case "GET /files" -> StandInFiles.download(exchange, sandbox);
            case "POST /files" -> StandInFiles.upload(exchange, sandbox, body, standIn.faults().diskFull);
            case "POST /filesystem.Filesystem/Stat", "POST /filesystem.Filesystem/ListDir",
                 "POST /filesystem.Filesystem/MakeDir", "POST /filesystem.Filesystem/Remove" ->
                filesystem(exchange, sandbox, path.substring(path.lastIndexOf('/') + 1), body);
            default -> connectError(exchange, 404, "unimplemented", method + " " + path + " is not implemented");
        }
    }

    private void sendSignal(HttpExchange exchange, StandInSandbox sandbox, byte[] body) throws IOException {
        JsonNode request = unary(exchange, body);
        if (request == null) {
            return;
        }
        long pid = request.path("process").path("pid").asLong(-1);
        String signal = request.path("signal").asText();
        if (!signal.equals("SIGNAL_SIGKILL") && !signal.equals("SIGNAL_SIGTERM")) {
            connectError(exchange, 501, "unimplemented", "invalid signal: " + signal);
            return;
        }
        StandInProcess process = sandbox.processes.get(pid);
        if (process == null || !process.process.isAlive()) {
            connectError(exchange, 404, "not_found", "process with pid " + pid + " not found");
            return;
        }
        process.killTree();
        StandInHttp.send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    }

    private void filesystem(HttpExchange exchange, StandInSandbox sandbox, String rpc, byte[] body) throws IOException {
        JsonNode request = unary(exchange, body);
        if (request == null) {
            return;
        }
        Path target = sandbox.resolve(request.path("path").asText(""));
        if (!sandbox.contains(target)) {
            connectError(exchange, 400, "invalid_argument", "path is outside the sandbox");
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        switch (rpc) {
            case "Stat" -> {
                if (!Files.exists(target)) {
                    connectError(exchange, 404, "not_found", "no such file or directory");
                    return;
                }
                response.set("entry", StandInFiles.entry(sandbox, target));
            }
            case "ListDir" -> {
                if (!Files.isDirectory(target)) {
                    connectError(exchange, 400, "invalid_argument", "path is not a directory");
                    return;
                }
                ArrayNode entries = response.putArray("entries");
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(target)) {
                    for (Path p : dir) {
                        entries.add(StandInFiles.entry(sandbox, p));
                    }
                }
            }
            case "MakeDir" -> {
                if (Files.exists(target)) {
                    connectError(exchange, 409, "already_exists", "directory already exists");
                    return;
                }
                Files.createDirectories(target);
                response.set("entry", StandInFiles.entry(sandbox, target));
            }
            default -> StandInFiles.deleteTree(target);
        }
        StandInHttp.json(exchange, 200, response);
    }

    /** Unary Connect requests carry a bare JSON body with {@code Content-Type: application/json}. */
    private static JsonNode unary(HttpExchange exchange, byte[] body) throws IOException {
        String type = String.valueOf(StandInHttp.header(exchange, "Content-Type"));
        if (!type.startsWith("application/json")) {
            StandInHttp.text(exchange, 415, "invalid content-type: \"" + type + "\"");
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            connectError(exchange, 400, "invalid_argument", "unmarshal message: invalid JSON");
            return null;
        }
    }

    static void connectError(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        StandInHttp.json(exchange, status, error);
    }
}
