package io.agentsafety.sandbox.local;

import io.agentsafety.sandbox.EgressPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which allowlist entries become relay routes, and on which loopback address and port inside. */
class EgressRoutesTest {

    private static List<EgressRoutes.Route> routes(String... entries) {
        return EgressRoutes.of(new EgressPolicy(List.of(entries), List.of())).routes();
    }

    @Test
    void hostNamesGetTheirOwnLoopbackAddressAndWebPortsUnlessOneIsGiven() {
        EgressRoutes table = EgressRoutes.of(new EgressPolicy(List.of("PyPI.org", "api.example.com:8443", "pypi.org:8080"), List.of()));
        assertEquals(List.of(
            new EgressRoutes.Route("127.0.0.2", 80, "pypi.org", false),
            new EgressRoutes.Route("127.0.0.2", 443, "pypi.org", false),
            new EgressRoutes.Route("127.0.0.3", 8443, "api.example.com", false),
            new EgressRoutes.Route("127.0.0.2", 8080, "pypi.org", false)), table.routes());
        assertTrue(table.hostsFile().contains("127.0.0.2\tpypi.org\n"), table.hostsFile());
        assertTrue(table.hostsFile().contains("127.0.0.3\tapi.example.com\n"), table.hostsFile());
        assertTrue(table.hostsFile().startsWith("127.0.0.1\tlocalhost\n"));
    }

    @Test
    void loopbackEntriesKeepTheirAddressAndNeedAPort() {
        assertEquals(List.of(new EgressRoutes.Route("127.0.0.1", 8080, "localhost", true),
            new EgressRoutes.Route("127.0.0.5", 9000, "127.0.0.5", true)), routes("localhost:8080", "127.0.0.5:9000", "localhost", "127.0.0.1"));
        assertEquals(1, routes("localhost:8080", "127.0.0.1:8080").size(), "the same address and port once");
    }

    @Test
    void internalWildcardRangeAndPublicIpEntriesGiveNoRoute() {
        assertEquals(List.of(), routes("*", "0.0.0.0/0", "*.example.com", "10.0.0.0/8", "169.254.169.254", "169.254.169.254:80",
            "10.1.2.3:443", "192.168.1.1:80", "metadata.google.internal", "db.internal", "printer.local", "intranet",
            "93.184.216.34", "93.184.216.34:443", "[::1]:80", "example.com:0", "example.com:70000", "exa mple.com", ""));
    }

    @Test
    void theNumberOfRoutesIsBounded() {
        String[] many = new String[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = "host" + i + ".example.com";
        }
        assertEquals(EgressRoutes.MAX_ROUTES, routes(many).size());
    }
}
