package io.agentsafety.local.template;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HttpApi route of a function: a method ({@code ANY} matches all) and a path template whose segments are
 * literals, {@code {name}} (one segment) or a final {@code {name+}} (one or more segments), or the catch-all
 * {@code $default}. {@link #routeKey()} is the API Gateway route key, e.g. {@code POST /api/v1/items/{id}}.
 */
public record Route(String method, String path, String functionId) {

    public static final String ANY = "ANY";
    public static final String DEFAULT = "$default";

    public Route {
        method = method == null || method.equals("*") ? ANY : method.toUpperCase(Locale.ROOT);
        if (!path.equals(DEFAULT) && !path.startsWith("/")) {
            throw new TemplateException("HttpApi path must start with '/': " + path);
        }
        List<String> segments = segments(path);
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.endsWith("+}") && i != segments.size() - 1) {
                throw new TemplateException("greedy parameter must be the last segment: " + path);
            }
        }
    }

    public String routeKey() {
        return path.equals(DEFAULT) ? DEFAULT : method + " " + path;
    }

    public boolean acceptsMethod(String requestMethod) {
        return method.equals(ANY) || method.equals(requestMethod);
    }

    /** @return the decoded path parameters when the path matches (possibly empty), else null */
    public Map<String, String> match(String requestPath) {
        if (path.equals(DEFAULT)) {
            return Map.of();
        }
        List<String> template = segments(path);
        List<String> actual = segments(requestPath);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (isGreedy(t)) {
                if (actual.size() <= i) {
                    return null;
                }
                List<String> rest = actual.subList(i, actual.size()).stream().map(Route::decode).toList();
                parameters.put(t.substring(1, t.length() - 2), String.join("/", rest));
                return parameters;
            }
            if (i >= actual.size()) {
                return null;
            }
            String a = actual.get(i);
            if (isParameter(t)) {
                if (a.isEmpty()) {
                    return null;
                }
                parameters.put(t.substring(1, t.length() - 1), decode(a));
            } else if (!t.equals(a)) {
                return null;
            }
        }
        return actual.size() == template.size() ? parameters : null;
    }

    /**
     * Higher is more specific, as API Gateway chooses: a full literal match beats parameters, parameters beat a
     * greedy parameter, which beats {@code $default}; a specific method beats {@code ANY}.
     */
    public int specificity() {
        if (path.equals(DEFAULT)) {
            return 0;
        }
        int score = 0;
        for (String s : segments(path)) {
            score += isGreedy(s) ? 1 : isParameter(s) ? 10 : 100;
        }
        return score * 2 + (method.equals(ANY) ? 0 : 1);
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isGreedy(String segment) {
        return segment.startsWith("{") && segment.endsWith("+}");
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
        if (segments.size() == 1 && segments.get(0).isEmpty()) {
            segments.clear(); // the root path "/"
        }
        return segments;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }
}
