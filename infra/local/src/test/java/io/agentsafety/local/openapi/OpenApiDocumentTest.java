package io.agentsafety.local.openapi;

import io.agentsafety.local.template.Route;
import io.agentsafety.local.template.SamTemplate;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * infra/openapi.yaml against the code and the template: it is exactly what the controllers generate (merged), it
 * documents every HTTP route of infra/template.yaml and nothing else, each operation documents its errors as
 * problem+json, and the document is valid OpenAPI 3.1. Needs the functions compiled (micronaut-openapi writes their
 * part at compile time): {@code ./mvnw -B -ntp -o -DskipTests package} first.
 */
class OpenApiDocumentTest {

    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    static final Path DOCUMENT = ROOT.resolve(OpenApiMerge.OUTPUT);
    static final String REGENERATE = "regenerate it: ./mvnw -B -ntp -o -DskipTests package && ./mvnw -B -ntp -o -pl infra/local -am verify "
        + "-Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.write=true (then commit infra/openapi.yaml)";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void committedDocumentIsWhatTheControllersGenerate() throws Exception {
        String generated = OpenApiMerge.merge(OpenApiMerge.moduleDocuments(ROOT));
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(DOCUMENT, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(DOCUMENT), DOCUMENT + " is missing; " + REGENERATE);
        assertEquals(generated, Files.readString(DOCUMENT), "infra/openapi.yaml differs from what the controllers generate; " + REGENERATE);
    }

    @Test
    void everyTemplateRouteIsDocumentedAndNothingElse() throws Exception {
        Set<String> routes = new TreeSet<>();
        for (Route route : SamTemplate.load(ROOT.resolve("infra/template.yaml"), "us-east-1", w -> { }).routes().routes()) {
            routes.add(route.method() + " " + route.path());
        }
        Set<String> documented = new TreeSet<>(operations(document()).keySet());
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> notRouted = new TreeSet<>(documented);
        notRouted.removeAll(routes);
        assertTrue(undocumented.isEmpty(), "template routes missing from infra/openapi.yaml: " + undocumented
            + " (annotate the controller of each, then " + REGENERATE + ")");
        assertTrue(notRouted.isEmpty(), "infra/openapi.yaml documents operations no template route serves: " + notRouted);
        assertTrue(routes.size() >= 19, "the template's routes were read: " + routes);
    }

    /**
     * Every error an operation documents is problem+json (the sandbox health 503 excepted: it answers the same body as
     * its 200, for monitors); every operation documents a 500; one that takes a body documents 400, 413 and 415; one
     * with a path parameter documents 404.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyOperationDocumentsItsErrorsAsProblemJson() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : operations(document()).entrySet()) {
            String operation = entry.getKey();
            Map<String, Object> responses = (Map<String, Object>) entry.getValue().get("responses");
            Set<String> codes = new TreeSet<>(responses.keySet());
            for (Map.Entry<String, Object> response : responses.entrySet()) {
                if (Integer.parseInt(response.getKey()) < 400 || operation.equals("GET /api/v1/safety/sandbox/health")) {
                    continue;
                }
                Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) response.getValue()).get("content");
                if (content == null || !content.keySet().equals(Set.of("application/problem+json"))) {
                    problems.add(operation + " " + response.getKey() + " is not documented as application/problem+json");
                }
            }
            List<String> required = new ArrayList<>(List.of("500"));
            if (entry.getValue().containsKey("requestBody")) {
                required.addAll(List.of("400", "413", "415"));
            }
            if (operation.contains("{")) {
                required.add("404");
            }
            for (String code : required) {
                if (!codes.contains(code)) {
                    problems.add(operation + " does not document " + code);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void documentIsValidOpenApi31() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT), null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), "infra/openapi.yaml: " + result.getMessages());
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
        assertEquals(Set.of("sigv4", "jwt"), result.getOpenAPI().getComponents().getSecuritySchemes().keySet());
    }

    static Map<String, Object> document() throws Exception {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(DOCUMENT));
        return map(document);
    }

    /** "METHOD /path" → operation object. */
    static Map<String, Map<String, Object>> operations(Map<String, Object> document) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        map(document.get("paths")).forEach((path, item) -> map(item).forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                out.put(method.toUpperCase(java.util.Locale.ROOT) + " " + path, map(operation));
            }
        }));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
