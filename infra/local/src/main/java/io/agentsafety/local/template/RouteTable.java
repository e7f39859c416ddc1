package io.agentsafety.local.template;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Finds the route for a request among all functions' HttpApi routes, as API Gateway would. */
public final class RouteTable {

    public sealed interface Lookup permits Found, MethodNotAllowed, NotFound {
    }

    public record Found(Route route, Map<String, String> pathParameters) implements Lookup {
    }

    /** The path is routed, but not for this method: the methods that are. */
    public record MethodNotAllowed(Set<String> allowed) implements Lookup {
    }

    public record NotFound() implements Lookup {
    }

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = routes.stream().sorted(Comparator.comparingInt(Route::specificity).reversed()).toList();
    }

    public List<Route> routes() {
        return routes;
    }

    public Lookup lookup(String method, String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = route.match(path);
            if (parameters == null) {
                continue;
            }
            if (route.acceptsMethod(method)) {
                return new Found(route, parameters);
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }
}
