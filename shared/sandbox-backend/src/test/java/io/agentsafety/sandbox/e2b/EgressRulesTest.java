package io.agentsafety.sandbox.e2b;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsafety.sandbox.EgressPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EgressRulesTest {

    /** The rules written into a create body, encoded as the client sends it and read back by an independent parser. */
    private static ObjectNode body(EgressPolicy egress) {
        Map<String, io.micronaut.json.tree.JsonNode> fields = new LinkedHashMap<>();
        EgressRules.apply(egress, fields);
        try {
            return (ObjectNode) new ObjectMapper().readTree(E2bJson.write(io.micronaut.json.tree.JsonNode.createObjectNode(fields)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> list(ObjectNode body, String field) {
        List<String> out = new ArrayList<>();
        body.path("network").path(field).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theAlwaysDeniedTableParsesAndCoversTheBriefsRanges() {
        assertTrue(EgressRules.ALWAYS_DENIED.containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "fc00::/7", "fe80::/10", "::1/128")));
        EgressRules.ALWAYS_DENIED.forEach(r -> assertNotNull(Cidr.parse(r), r));
    }

    @Test
    void nothingAllowedMeansNoInternetAtAll() {
        ObjectNode body = body(EgressPolicy.NONE);
        assertFalse(body.path("allow_internet_access").asBoolean(true));
        assertTrue(list(body, "allowOut").isEmpty());
        assertTrue(list(body, "denyOut").contains("0.0.0.0/0"));
        assertTrue(list(body, "denyOut").containsAll(EgressRules.ALWAYS_DENIED));
    }

    @Test
    void everythingPublicKeepsTheInternalRangesDenied() {
        ObjectNode body = body(new EgressPolicy(List.of("*"), List.of()));
        assertFalse(body.has("allow_internet_access"));
        assertTrue(list(body, "allowOut").isEmpty());
        assertFalse(list(body, "denyOut").contains("0.0.0.0/0"));
        assertEquals(EgressRules.ALWAYS_DENIED, list(body, "denyOut"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "pypi.org, pypi.org",
        "*.npmjs.org, *.npmjs.org",
        "PyPI.org., pypi.org",
        "registry.npmjs.org:443, registry.npmjs.org",
        "8.8.8.8, 8.8.8.8",
        "1.1.1.0/24, 1.1.1.0/24",
        "2606:4700::/32, 2606:4700::/32",
        "169.254.169.254, null",
        "10.0.0.0/7, null",
        "172.20.1.1, null",
        "0.0.0.0, null",
        "::1, null",
        "[fe80::1], null",
        "fd00::1, null",
        "100.100.100.200, null",
        "localhost, null",
        "foo.localhost, null",
        "metadata.google.internal, null",
        "printer.local, null",
        "intranet, null",
        "127.1, null",
        "host:notaport, null",
        "a b.com, null"
    })
    void allowEntries(String entry, String sent) {
        assertEquals(sent, EgressRules.allowable(entry.strip().toLowerCase(java.util.Locale.ROOT)));
    }
}
