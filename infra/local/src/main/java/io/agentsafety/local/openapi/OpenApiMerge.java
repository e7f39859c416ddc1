package io.agentsafety.local.openapi;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Merges the OpenAPI 3.1 documents micronaut-openapi writes for each function module at compile time
 * ({@code functions/<module>/target/classes/META-INF/swagger/<module>.yml}) into the service's one description,
 * {@code infra/openapi.yaml}: the union of the paths (a method documented twice fails), the union of the schemas (one
 * name with two different bodies fails), only the schemas the paths reach, in a stable order; plus what no single
 * function knows: servers, the security schemes of the template's AuthMode (IAM SigV4 or JWT), and the query-parameter
 * schemas the generator drops ({@link QueryParameterSchemas}).
 *
 * <p>Run as a program (from the repository root, after the functions are compiled) it writes the file;
 * OpenApiDocumentTest fails when the committed file differs from what this produces.
 */
public final class OpenApiMerge {

    public static final String OUTPUT = "infra/openapi.yaml";
    private static final Pattern REF = Pattern.compile("#/components/schemas/(.+)");
    /** Keys micronaut-openapi 6.20's 3.1 writer leaks from the swagger model (no OpenAPI or JSON Schema keyword). */
    private static final Set<String> GENERATOR_ARTIFACTS = Set.of("allowableValues", "defaultValue", "exampleSetFlag");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private OpenApiMerge() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Files.writeString(root.resolve(OUTPUT), merge(moduleDocuments(root)), StandardCharsets.UTF_8);
        System.out.println("wrote " + root.resolve(OUTPUT));
    }

    /**
     * The generated document of every function module with a controller, by module name. Fails naming the modules
     * whose document is missing: they were not compiled (or micronaut-openapi is not configured for them).
     */
    public static Map<String, Path> moduleDocuments(Path root) {
        Map<String, Path> documents = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                if (!hasController(module)) {
                    continue;
                }
                String name = module.getFileName().toString();
                Path document = module.resolve("target/classes/META-INF/swagger/" + name + ".yml");
                if (Files.isRegularFile(document)) {
                    documents.put(name, document);
                } else {
                    missing.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no generated OpenAPI document for " + missing + " (expected "
                + "functions/<module>/target/classes/META-INF/swagger/<module>.yml): compile the functions first, e.g. "
                + "./mvnw -B -ntp -o -DskipTests package");
        }
        return documents;
    }

    private static boolean hasController(Path module) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(OpenApiMerge::declaresController);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean declaresController(Path source) {
        try {
            return Files.readString(source).contains("@Controller");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The merged document as YAML text. */
    public static String merge(Map<String, Path> documents) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, String> schemaOwner = new TreeMap<>();
        Map<String, String> operationOwner = new TreeMap<>();
        for (Map.Entry<String, Path> entry : documents.entrySet()) {
            String module = entry.getKey();
            Map<String, Object> document = read(entry.getValue());
            for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
                Map<String, Object> item = paths.computeIfAbsent(path.getKey(), k -> new TreeMap<>(OpenApiMerge::methodOrder));
                for (Map.Entry<String, Object> operation : map(path.getValue()).entrySet()) {
                    String key = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                    String previous = operationOwner.putIfAbsent(key, module);
                    if (previous != null) {
                        throw new IllegalStateException(key + " is documented by both " + previous + " and " + module);
                    }
                    item.put(operation.getKey(), operation.getValue());
                }
            }
            Map<String, Object> components = map(document.get("components"));
            for (Map.Entry<String, Object> schema : map(components.get("schemas")).entrySet()) {
                Object known = schemas.putIfAbsent(schema.getKey(), schema.getValue());
                if (known != null && !known.equals(schema.getValue())) {
                    throw new IllegalStateException("schema " + schema.getKey() + " differs between "
                        + schemaOwner.get(schema.getKey()) + " and " + module + ": one name, one wire shape");
                }
                schemaOwner.putIfAbsent(schema.getKey(), module);
            }
        }
        paths.forEach(OpenApiMerge::fillQueryParameters);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("openapi", "3.1.0");
        out.put("info", info());
        out.put("servers", servers());
        out.put("security", List.of(Map.of("sigv4", List.of()), Map.of("jwt", List.of())));
        out.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", reachable(paths, schemas));
        components.put("securitySchemes", securitySchemes());
        out.put("components", components);
        return dump(strip(out));
    }

    private static Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "agent-safety");
        info.put("version", "v1");
        info.put("description", "Safety services for AI agents: the policy gate, secret redaction, run budgets, sandboxed "
            + "execution, human approvals and the audit trail. Generated from the controllers of functions/ "
            + "(micronaut-openapi) and merged by infra/local OpenApiMerge; do not edit by hand. Every error is an RFC 9457 "
            + "problem document (application/problem+json) naming each bad field, never echoing a value.");
        return info;
    }

    private static List<Object> servers() {
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("url", "https://{apiId}.execute-api.{region}.amazonaws.com");
        aws.put("description", "the SafetyApi HttpApi of infra/template.yaml (stack output ApiUrl)");
        // ordered maps: Map.of iterates in an order that changes from one JVM to the next, and the file must not
        Map<String, Object> apiId = new LinkedHashMap<>();
        apiId.put("default", "example");
        apiId.put("description", "the HttpApi id");
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("apiId", apiId);
        variables.put("region", Map.of("default", "us-east-1"));
        aws.put("variables", variables);
        Map<String, Object> local = new LinkedHashMap<>();
        local.put("url", "http://127.0.0.1:8080");
        local.put("description", "the local runner (infra/local start-api.sh): no authorization");
        return List.of(aws, local);
    }

    /** The template's AuthMode: IAM (default) or JWT; each route takes either, so the requirement lists both. */
    private static Map<String, Object> securitySchemes() {
        Map<String, Object> sigv4 = new LinkedHashMap<>();
        sigv4.put("type", "apiKey");
        sigv4.put("name", "Authorization");
        sigv4.put("in", "header");
        sigv4.put("description", "AuthMode IAM (default): AWS Signature Version 4 over the request, with execute-api:Invoke "
            + "permission on the route");
        sigv4.put("x-amazon-apigateway-authtype", "awsSigv4");
        Map<String, Object> jwt = new LinkedHashMap<>();
        jwt.put("type", "http");
        jwt.put("scheme", "bearer");
        jwt.put("bearerFormat", "JWT");
        jwt.put("description", "AuthMode JWT: a bearer token from JwtIssuer for JwtAudience");
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put("sigv4", sigv4);
        schemes.put("jwt", jwt);
        return schemes;
    }

    @SuppressWarnings("unchecked")
    private static void fillQueryParameters(String path, Map<String, Object> item) {
        for (Map.Entry<String, Object> operation : item.entrySet()) {
            Map<String, Object> op = map(operation.getValue());
            Object parameters = op.get("parameters");
            if (!(parameters instanceof List<?> list)) {
                continue;
            }
            for (Object p : list) {
                Map<String, Object> parameter = (Map<String, Object>) p;
                Object schema = parameter.get("schema");
                if (schema instanceof Map<?, ?> m && !m.isEmpty()) {
                    continue;
                }
                Map<String, Object> known = QueryParameterSchemas.of(String.valueOf(op.get("operationId")), String.valueOf(parameter.get("name")));
                if (known == null) {
                    throw new IllegalStateException("parameter " + parameter.get("name") + " of " + operation.getKey().toUpperCase(java.util.Locale.ROOT)
                        + " " + path + " has no schema: annotate the method parameter, or add it to QueryParameterSchemas");
                }
                parameter.put("schema", known);
            }
        }
    }

    /** The schemas the paths refer to, directly or through other schemas. */
    private static Map<String, Object> reachable(Map<String, Map<String, Object>> paths, Map<String, Object> schemas) {
        Set<String> seen = new TreeSet<>();
        Deque<Object> todo = new ArrayDeque<>(List.of(paths));
        while (!todo.isEmpty()) {
            Object node = todo.pop();
            if (node instanceof Map<?, ?> m) {
                Object ref = m.get("$ref");
                if (ref instanceof String s) {
                    Matcher matcher = REF.matcher(s);
                    if (!matcher.matches() || !schemas.containsKey(matcher.group(1))) {
                        throw new IllegalStateException("unresolved $ref " + s);
                    }
                    if (seen.add(matcher.group(1))) {
                        todo.push(schemas.get(matcher.group(1)));
                    }
                }
                m.values().forEach(todo::push);
            } else if (node instanceof List<?> l) {
                l.forEach(todo::push);
            }
        }
        Map<String, Object> out = new TreeMap<>();
        seen.forEach(name -> out.put(name, schemas.get(name)));
        return out;
    }

    /**
     * A copy in iteration order without the generator's artifact keys; the names in a "properties" map are kept (a
     * property may be called anything), a "name" inside a property's schema is not.
     */
    private static Object strip(Object node) {
        return strip(node, false);
    }

    private static Object strip(Object node, boolean propertyNames) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!propertyNames && GENERATOR_ARTIFACTS.contains(key)) {
                    continue;
                }
                Object value = strip(e.getValue(), !propertyNames && "properties".equals(key));
                if (propertyNames && value instanceof Map<?, ?> property) {
                    // @Schema(name = ...) on a record component (needed when @JsonProperty renames it) is echoed as a
                    // "name" keyword, which JSON Schema does not have: the property's name is its key
                    property.remove("name");
                }
                out.put(key, value);
            }
            return out;
        }
        if (node instanceof List<?> l) {
            // fresh lists: a shared (empty) instance would be written as a YAML alias
            return new ArrayList<>(l.stream().map(v -> strip(v, false)).toList());
        }
        return node;
    }

    private static int methodOrder(String a, String b) {
        return Integer.compare(METHODS.indexOf(a), METHODS.indexOf(b));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> read(Path file) {
        try {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (!(document instanceof Map<?, ?>)) {
                throw new IllegalStateException(file + " is not an OpenAPI document");
            }
            return map(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dump(Object document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setSplitLines(true);
        return "# Generated from the controllers of functions/ (micronaut-openapi) by infra/local OpenApiMerge: do not edit.\n"
            + "# Regenerate: see infra/local/README.md (OpenAPI).\n"
            + new Yaml(new Representer(options), options).dump(document);
    }
}
