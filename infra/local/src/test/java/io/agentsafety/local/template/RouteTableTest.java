package io.agentsafety.local.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouteTableTest {

    final RouteTable table = new RouteTable(List.of(
        new Route("ANY", "$default", "Fallback"),
        new Route("ANY", "/files/{path+}", "Files"),
        new Route("GET", "/items/{id}", "GetItem"),
        new Route("ANY", "/items/{id}", "AnyItem"),
        new Route("GET", "/items/special", "Special"),
        new Route("POST", "/", "Root")));

    final RouteTable noDefault = new RouteTable(List.of(new Route("POST", "/api/v1/safety/check", "Check"),
        new Route("get", "/api/v1/safety/policy", "Check")));

    @Test
    void theMostSpecificRouteWins() {
        assertEquals("Special", found(table, "GET", "/items/special").route().functionId(), "literal beats parameter");
        assertEquals("GetItem", found(table, "GET", "/items/7").route().functionId(), "a method beats ANY");
        assertEquals("AnyItem", found(table, "DELETE", "/items/7").route().functionId());
        assertEquals("Files", found(table, "GET", "/files/a/b/c").route().functionId());
        assertEquals("Root", found(table, "POST", "/").route().functionId());
        assertEquals("Fallback", found(table, "GET", "/").route().functionId(), "$default catches the rest");
        assertEquals("Fallback", found(table, "GET", "/items/7/extra").route().functionId());
    }

    @Test
    void pathParametersAreDecoded() {
        assertEquals(Map.of("id", "a b+c"), found(table, "GET", "/items/a%20b+c").pathParameters());
        assertEquals(Map.of("path", "a/b c/d"), found(table, "PUT", "/files/a/b%20c/d").pathParameters());
    }

    @Test
    void unknownPathsAreNotFoundAndOtherMethodsNotAllowed() {
        assertInstanceOf(RouteTable.NotFound.class, noDefault.lookup("GET", "/api/v1/safety/nope"));
        assertInstanceOf(RouteTable.NotFound.class, noDefault.lookup("POST", "/api/v1/safety/check/"), "a trailing slash is another path");
        RouteTable.Lookup lookup = noDefault.lookup("GET", "/api/v1/safety/check");
        assertEquals(Set.of("POST"), assertInstanceOf(RouteTable.MethodNotAllowed.class, lookup).allowed());
        assertEquals("GET /api/v1/safety/policy", found(noDefault, "GET", "/api/v1/safety/policy").route().routeKey());
    }

    @Test
    void greedyParametersMustBeLast() {
        assertThrows(TemplateException.class, () -> new Route("GET", "/a/{rest+}/b", "F"));
    }

    private static RouteTable.Found found(RouteTable table, String method, String path) {
        return assertInstanceOf(RouteTable.Found.class, table.lookup(method, path));
    }
}
