package io.agentsafety.sandbox.e2b;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** A fully read response: status, headers (case-insensitive names, first value) and body bytes. */
record HttpReply(int status, Map<String, String> headers, byte[] body) {

    HttpReply {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
        body = body == null ? new byte[0] : body;
    }

    String header(String name) {
        return headers.get(name);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }
}
