package io.agentsafety.local;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as received, independent of the server library: the raw path and query (undecoded), header
 * values per name in arrival order, the body bytes and the peer address.
 */
public record HttpRequestData(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                              byte[] body, String sourceIp, String host) {
}
