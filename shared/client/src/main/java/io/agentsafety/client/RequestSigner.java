package io.agentsafety.client;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Adds authentication headers to a request just before it is sent (after any retry wait, so signatures are
 * fresh). {@link SigV4Signer} signs for an IAM-authorized API Gateway; callers may supply their own (e.g. a JWT).
 */
@FunctionalInterface
public interface RequestSigner {

    /**
     * @param headers the headers that will be sent (lower-case names)
     * @return headers to add or replace
     */
    Map<String, List<String>> sign(String method, URI uri, Map<String, String> headers, byte[] body);
}
