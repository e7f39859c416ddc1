package io.agentsafety.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The functions of a SAM template as the local runner serves them: every {@code AWS::Serverless::Function}
 * (with {@code Globals.Function} merged in, its resource {@code Condition} honoured) and its {@code HttpApi}
 * event routes. Parameters take their {@code Default}. CodeUri paths are relative to the template's folder.
 * Anything the runner cannot serve faithfully (an S3 CodeUri, an image function, REST {@code Api} events) is
 * reported through the warning sink and skipped, never guessed.
 */
public record SamTemplate(Path file, Map<String, FunctionDef> functions, Map<String, StateMachineDef> stateMachines) {

    public static SamTemplate load(Path file, String region, Consumer<String> warnings) throws IOException {
        Object root = SamYaml.load(Files.readString(file));
        if (!(root instanceof Map<?, ?> template)) {
            throw new TemplateException(file + " is not a YAML mapping");
        }
        Map<String, Object> resources = map(template.get("Resources"));
        Map<String, Object> parameters = new LinkedHashMap<>();
        map(template.get("Parameters")).forEach((name, definition) -> {
            Object value = map(definition).get("Default");
            parameters.put(name, value == null ? "" : value instanceof List<?> ? value : String.valueOf(value));
        });
        Intrinsics intrinsics = new Intrinsics(parameters, resources.keySet(), map(template.get("Conditions")),
            map(template.get("Mappings")), region);

        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        Path base = file.toAbsolutePath().getParent();
        Map<String, FunctionDef> functions = new LinkedHashMap<>();
        resources.forEach((logicalId, resource) -> {
            Map<String, Object> definition = map(resource);
            if (!"AWS::Serverless::Function".equals(definition.get("Type"))) {
                return;
            }
            if (definition.get("Condition") instanceof String condition && !intrinsics.condition(condition)) {
                warnings.accept(logicalId + ": condition " + condition + " is false, not served");
                return;
            }
            FunctionDef function = function(logicalId, globals, map(definition.get("Properties")), intrinsics, base, warnings);
            if (function != null) {
                functions.put(logicalId, function);
            }
        });
        Map<String, StateMachineDef> machines = new LinkedHashMap<>();
        resources.forEach((logicalId, resource) -> {
            Map<String, Object> definition = map(resource);
            if ("AWS::Serverless::StateMachine".equals(definition.get("Type"))) {
                machines.put(logicalId, stateMachine(logicalId, map(definition.get("Properties")), intrinsics, base));
            }
        });
        return new SamTemplate(file, functions, machines);
    }

    private static StateMachineDef stateMachine(String id, Map<String, Object> properties, Intrinsics intrinsics, Path base) {
        Map<String, String> substitutions = new LinkedHashMap<>();
        map(properties.get("DefinitionSubstitutions")).forEach((k, v) -> substitutions.put(k, intrinsics.resolveString(v)));
        Object uri = intrinsics.resolve(properties.get("DefinitionUri"));
        if (uri instanceof String path && !path.isBlank()) {
            return new StateMachineDef(id, base.resolve(path).normalize(), null, substitutions);
        }
        Object inline = properties.get("Definition");
        if (inline == null) {
            throw new TemplateException(id + ": a state machine needs DefinitionUri (a local file) or Definition");
        }
        try {
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(inline);
            return new StateMachineDef(id, null, json, substitutions);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TemplateException(id + ": Definition cannot be written as JSON");
        }
    }

    public RouteTable routes() {
        return new RouteTable(functions.values().stream().flatMap(f -> f.routes().stream()).toList());
    }

    private static FunctionDef function(String id, Map<String, Object> globals, Map<String, Object> own, Intrinsics intrinsics,
                                        Path base, Consumer<String> warnings) {
        Map<String, Object> properties = new LinkedHashMap<>(globals);
        properties.putAll(own);
        if ("Image".equals(properties.get("PackageType"))) {
            warnings.accept(id + ": image functions are not served (no Docker)");
            return null;
        }
        String runtime = intrinsics.resolveString(properties.getOrDefault("Runtime", ""));
        if (!runtime.startsWith("java")) {
            warnings.accept(id + ": runtime '" + runtime + "' is not a Java runtime, not served");
            return null;
        }
        Object code = intrinsics.resolve(properties.get("CodeUri"));
        if (!(code instanceof String codeUri) || codeUri.isBlank()) {
            warnings.accept(id + ": CodeUri is not a local path, not served");
            return null;
        }
        String handler = intrinsics.resolveString(properties.get("Handler"));
        if (handler.isBlank()) {
            throw new TemplateException(id + ": no Handler");
        }

        // Environment.Variables of Globals and of the function are merged key by key, the function's winning
        Map<String, Object> rawVariables = new LinkedHashMap<>(map(map(globals.get("Environment")).get("Variables")));
        rawVariables.putAll(map(map(own.get("Environment")).get("Variables")));
        Map<String, String> environment = new LinkedHashMap<>();
        Set<String> parameterBound = new LinkedHashSet<>();
        rawVariables.forEach((name, raw) -> {
            Object value = intrinsics.resolve(raw);
            if (value == Intrinsics.NO_VALUE) {
                return;
            }
            environment.put(name, intrinsics.resolveString(value));
            if (intrinsics.referencesParameter(raw)) {
                parameterBound.add(name);
            }
        });

        List<Route> routes = new ArrayList<>();
        map(own.get("Events")).forEach((eventId, event) -> {
            Map<String, Object> e = map(event);
            Object type = e.get("Type");
            if ("HttpApi".equals(type)) {
                Map<String, Object> p = map(intrinsics.resolve(e.get("Properties")));
                Object path = p.get("Path");
                Object method = p.get("Method");
                routes.add(path == null && method == null ? new Route(Route.ANY, Route.DEFAULT, id)
                    : new Route(method == null ? Route.ANY : String.valueOf(method), path == null ? "/" : String.valueOf(path), id));
            } else if ("Api".equals(type)) {
                warnings.accept(id + "." + eventId + ": REST Api events (payload 1.0) are not served; use HttpApi");
            }
        });
        return new FunctionDef(id, base.resolve(codeUri).normalize(), handler, runtime,
            integer(intrinsics.resolve(properties.get("MemorySize")), 128),
            integer(intrinsics.resolve(properties.get("Timeout")), 3),
            environment, parameterBound, List.copyOf(routes));
    }

    private static int integer(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value).trim());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return copy;
        }
        throw new TemplateException("expected a mapping, found: " + value.getClass().getSimpleName());
    }
}
