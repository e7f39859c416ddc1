package io.agentsafety.testing.e2b;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the stand-in received. Secret headers ({@code X-API-Key}, {@code X-Access-Token},
 * {@code Authorization}) are kept only as {@code "[present]"} so tests can assert they were sent without
 * the recording ever holding a credential.
 *
 * @param body the request body when it is at most 64 KiB (control-plane JSON, RPC requests), else empty
 */
public record RecordedCall(Instant at, String method, String path, String query, Map<String, List<String>> headers,
                           byte[] body) {

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean is(String method, String path) {
        return this.method.equals(method) && this.path.equals(path);
    }

    @Override
    public String toString() {
        return at + " " + method + " " + path + (query == null ? "" : "?" + query);
    }
}
