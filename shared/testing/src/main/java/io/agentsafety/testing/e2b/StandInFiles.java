package io.agentsafety.testing.e2b;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static io.agentsafety.testing.e2b.StandInHttp.JSON;

/** envd's {@code GET/POST /files} (§6.1, §6.2): raw bytes down, multipart or octet-stream up. */
final class StandInFiles {

    private StandInFiles() {
    }

    static void download(HttpExchange exchange, StandInSandbox sandbox) throws IOException {
        String path = StandInHttp.query(exchange).get("path");
        if (path == null || path.isEmpty()) {
            StandInHttp.error(exchange, 400, "missing path");
            return;
        }
        Path file = sandbox.resolve(path);
        if (!sandbox.contains(file)) {
            StandInHttp.error(exchange, 400, "path is outside the sandbox");
        } else if (Files.isDirectory(file)) {
            StandInHttp.error(exchange, 400, "path '" + path + "' is a directory");
        } else if (!Files.exists(file)) {
            StandInHttp.error(exchange, 404, "path '" + path + "' does not exist");
        } else {
            exchange.getResponseHeaders().set("Content-Disposition", "inline; filename=\"" + file.getFileName() + "\"");
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            StandInHttp.send(exchange, 200, "application/octet-stream", Files.readAllBytes(file));
        }
    }

    static void upload(HttpExchange exchange, StandInSandbox sandbox, byte[] body, boolean diskFull) throws IOException {
        if (diskFull) {
            StandInHttp.error(exchange, 507, "not enough disk space available");
            return;
        }
        String type = String.valueOf(StandInHttp.header(exchange, "Content-Type"));
        String path = StandInHttp.query(exchange).get("path");
        byte[] content;
        if (type.startsWith("application/octet-stream")) {
            if (path == null) {
                StandInHttp.error(exchange, 400, "missing path for raw upload");
                return;
            }
            content = body;
        } else if (type.startsWith("multipart/form-data")) {
            Map.Entry<String, byte[]> part = filePart(type, body);
            if (part == null) {
                StandInHttp.error(exchange, 400, "no file part");
                return;
            }
            path = path != null ? path : part.getKey();
            content = part.getValue();
        } else {
            StandInHttp.error(exchange, 400, "unsupported content type " + type);
            return;
        }
        Path file = sandbox.resolve(path);
        if (!sandbox.contains(file) || Files.isDirectory(file)) {
            StandInHttp.error(exchange, 400, "path '" + path + "' is a directory or outside the sandbox");
            return;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        ArrayNode written = JSON.createArrayNode();
        written.addObject().put("path", path).put("name", file.getFileName().toString()).put("type", "file");
        // envd sets no Content-Type here; Go sniffs it as text/plain
        StandInHttp.send(exchange, 200, "text/plain; charset=utf-8", JSON.writeValueAsBytes(written));
    }

    /** The first part named {@code file}: its filename and raw bytes (binary-safe, no charset decoding). */
    private static Map.Entry<String, byte[]> filePart(String contentType, byte[] body) {
        int b = contentType.indexOf("boundary=");
        if (b < 0) {
            return null;
        }
        String boundary = contentType.substring(b + 9).replace("\"", "");
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int headersStart = start + delimiter.length + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                return null;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headersEnd + 4);
            if (next < 0) {
                return null;
            }
            if (headers.contains("name=\"file\"")) {
                String filename = "";
                int f = headers.indexOf("filename=\"");
                if (f >= 0) {
                    filename = headers.substring(f + 10, headers.indexOf('"', f + 10));
                }
                return Map.entry(filename, Arrays.copyOfRange(body, headersEnd + 4, next));
            }
            start = next + 2;
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static ObjectNode entry(StandInSandbox sandbox, Path p) throws IOException {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("name", p.getFileName().toString());
        entry.put("type", Files.isDirectory(p) ? "FILE_TYPE_DIRECTORY" : "FILE_TYPE_FILE");
        entry.put("path", "/" + sandbox.root.relativize(p));
        entry.put("size", Long.toString(Files.isDirectory(p) ? 4096 : Files.size(p)));
        entry.put("modifiedTime", Files.getLastModifiedTime(p).toInstant().toString());
        return entry;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
