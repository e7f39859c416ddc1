package io.agentsafety.policy.action;

import io.agentsafety.policy.ActionType;
import io.micronaut.json.tree.JsonNode;

/** {@code network_access}: a {@code url}, or a {@code host} with an optional {@code port} (1-65535). */
public record NetworkAccessAction(String url, String host, Integer port, String method, String protocol, String description)
    implements PolicyAction {

    public NetworkAccessAction {
        if ((url == null) == (host == null)) {
            throw new IllegalArgumentException("give either url, or host with an optional port");
        }
        if (port != null && (url != null || port < 1 || port > 65_535)) {
            throw new IllegalArgumentException("a port goes with a host and is between 1 and 65535");
        }
    }

    /** A URL, with what it is for. */
    public static NetworkAccessAction ofUrl(String url, String description) {
        return new NetworkAccessAction(url, null, null, null, null, description);
    }

    @Override
    public ActionType type() {
        return ActionType.NETWORK_ACCESS;
    }

    @Override
    public JsonNode toParams() {
        return new ParamsNode().put("url", url).put("host", host)
            .put("port", port == null ? null : JsonNode.createNumberNode(port.intValue()))
            .put("method", method).put("protocol", protocol).put("description", description).build();
    }
}
