package io.agentsafety.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The template against the code it deploys: every function's module, artifact and handler exist (the handler class
 * inside the package's {@code lib/<module>.jar}, where Lambda's Java runtime loads it from); every HttpApi
 * route is served by a controller of that function's module and every controller route is in the template; the
 * API's OpenAPI body (where the IAM/JWT switch lives) protects exactly the template's routes; secrets, Redis and
 * VPC settings go only where they belong; every state machine Task calls a function of the template it may invoke.
 */
class TemplateContractTest {

    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    static final Path TEMPLATE = ROOT.resolve("infra/template.yaml");
    static final String HTTP_HANDLER = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";
    static final Pattern CONTROLLER = Pattern.compile("@Controller\\(\\s*(?:value\\s*=\\s*)?\"([^\"]*)\"");
    static final Pattern MAPPING = Pattern.compile("@(Get|Post|Put|Patch|Delete)(?:\\(([^)]*)\\))?");
    static final Pattern URI = Pattern.compile("(?:uri\\s*=\\s*|value\\s*=\\s*|^\\s*)\"([^\"]*)\"");

    static SamTemplate template;
    static Map<String, Object> raw;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        List<String> warnings = new ArrayList<>();
        template = SamTemplate.load(TEMPLATE, "us-east-1", warnings::add);
        assertEquals(List.of(), warnings);
        raw = (Map<String, Object>) SamYaml.load(Files.readString(TEMPLATE));
    }

    static String module(FunctionDef f) {
        Path rel = ROOT.relativize(f.codeUri());
        assertEquals(4, rel.getNameCount(), f.logicalId() + ": CodeUri is functions/<module>/target/<module>-lambda.zip");
        assertEquals("functions", rel.getName(0).toString());
        assertEquals("target", rel.getName(2).toString());
        String module = rel.getName(1).toString();
        assertEquals(module + "-lambda.zip", rel.getName(3).toString(), f.logicalId() + ": the deployment package of its module");
        return module;
    }

    static List<Path> sources(String module) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("functions").resolve(module).resolve("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void everyFunctionHasItsModuleArtifactAndHandler() throws IOException {
        assertFalse(template.functions().isEmpty());
        for (FunctionDef f : template.functions().values()) {
            String module = module(f);
            Path pom = ROOT.resolve("functions").resolve(module).resolve("pom.xml");
            assertTrue(Files.readString(pom).contains("<artifactId>" + module + "</artifactId>"), pom + " builds " + module);
            assertTrue(Files.readString(ROOT.resolve("functions/pom.xml")).contains("<module>" + module + "</module>"),
                module + " is a module of functions/pom.xml");
            String className = f.handler().contains("::") ? f.handler().substring(0, f.handler().indexOf("::")) : f.handler();
            assertTrue(PackageLayout.classesOf(f.codeUri(), module).contains(className.replace('.', '/') + ".class"),
                f.logicalId() + ": handler class " + className + " is in " + f.codeUri().getFileName() + "'s lib/" + module + ".jar");
            if (f.handler().equals(HTTP_HANDLER)) {
                assertFalse(f.routes().isEmpty(), f.logicalId() + ": an HTTP handler needs routes");
                continue;
            }
            Path source = ROOT.resolve("functions").resolve(module).resolve("src/main/java")
                .resolve(className.replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), f.logicalId() + ": handler class " + className + " is in " + module);
            assertTrue(f.routes().isEmpty(), f.logicalId() + ": a direct-invoke function has no HttpApi route");
        }
    }

    @Test
    void routesAndControllersMatchPerModule() throws IOException {
        Map<String, Set<String>> templateRoutes = new java.util.TreeMap<>();
        for (FunctionDef f : template.functions().values()) {
            Set<String> routes = templateRoutes.computeIfAbsent(module(f), m -> new TreeSet<>());
            f.routes().forEach(r -> assertTrue(routes.add(r.routeKey()), "route declared twice: " + r.routeKey()));
        }
        for (Map.Entry<String, Set<String>> entry : templateRoutes.entrySet()) {
            assertEquals(entry.getValue(), controllerRoutes(entry.getKey()), "routes of functions/" + entry.getKey());
        }
    }

    static Set<String> controllerRoutes(String module) throws IOException {
        Set<String> routes = new TreeSet<>();
        for (Path source : sources(module)) {
            String code = Files.readString(source);
            Matcher controller = CONTROLLER.matcher(code);
            if (!controller.find()) {
                continue;
            }
            String base = controller.group(1);
            Matcher mapping = MAPPING.matcher(code);
            while (mapping.find()) {
                String uri = "";
                if (mapping.group(2) != null) {
                    Matcher u = URI.matcher(mapping.group(2));
                    uri = u.find() ? u.group(1) : "";
                }
                routes.add(mapping.group(1).toUpperCase(java.util.Locale.ROOT) + " " + base + uri);
            }
        }
        return routes;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiBodyProtectsExactlyTheTemplatesRoutesWithTheAuthSwitch() {
        Map<String, Object> api = (Map<String, Object>) ((Map<String, Object>) raw.get("Resources")).get("SafetyApi");
        Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) api.get("Properties")).get("DefinitionBody");
        Map<String, Object> paths = (Map<String, Object>) body.get("paths");
        Set<String> protectedRoutes = new TreeSet<>();
        paths.forEach((path, operations) -> ((Map<String, Object>) operations).forEach((method, operation) -> {
            Object security = ((Map<String, Object>) operation).get("security");
            assertEquals(Map.of("Fn::If", List.of("UseJwtAuth", List.of(Map.of("JwtAuthorizer", List.of())),
                List.of(Map.of("AWS_IAM", List.of())))), security, method + " " + path);
            protectedRoutes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
        }));
        Set<String> routes = new TreeSet<>();
        template.functions().values().forEach(f -> f.routes().forEach(r -> routes.add(r.routeKey())));
        assertEquals(routes, protectedRoutes, "a route missing from DefinitionBody would have no authorizer");
    }

    /**
     * Every Task of every state machine calls a function of the template through a {@code DefinitionSubstitutions}
     * entry ({@code !Ref Fn.Alias} or {@code !GetAtt Fn.Arn}) that the machine's role may invoke, and every
     * substitution is used: a renamed function or a dropped policy fails here, not at the first execution.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyStateMachineTaskInvokesAFunctionOfTheTemplate() throws IOException {
        Map<String, Object> resources = (Map<String, Object>) raw.get("Resources");
        assertFalse(template.stateMachines().isEmpty());
        for (StateMachineDef machine : template.stateMachines().values()) {
            Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) resources.get(machine.logicalId())).get("Properties");
            Map<String, Object> substitutions = (Map<String, Object>) properties.get("DefinitionSubstitutions");
            String policies = String.valueOf(properties.get("Policies"));
            Map<String, String> functionOf = new java.util.TreeMap<>();
            substitutions.forEach((name, value) -> {
                String target = String.valueOf(value instanceof Map<?, ?> m && m.containsKey("Ref") ? m.get("Ref")
                    : value instanceof Map<?, ?> m2 && m2.containsKey("Fn::GetAtt") ? ((List<?>) m2.get("Fn::GetAtt")).get(0) : value);
                String function = target.replaceFirst("\\.(Alias|Arn)$", "");
                assertTrue(template.functions().containsKey(function), machine.logicalId() + ": ${" + name + "} -> " + target + " is a function");
                assertTrue(policies.contains("LambdaInvokePolicy={FunctionName={Ref=" + function + "}}"),
                    machine.logicalId() + ": the role may invoke " + function);
                functionOf.put(name, function);
            });
            JsonNode definition = new ObjectMapper()
                .readTree(Files.readString(machine.definitionFile()));
            Set<String> used = new TreeSet<>();
            List<JsonNode> tasks = new ArrayList<>();
            definition.findParents("Type").stream().filter(s -> s.path("Type").asText().equals("Task")).forEach(tasks::add);
            assertFalse(tasks.isEmpty(), machine.logicalId());
            for (JsonNode task : tasks) {
                String resource = task.path("Resource").asText();
                String target = resource.startsWith("arn:aws:states:::lambda:invoke")
                    ? task.path("Parameters").path("FunctionName").asText() : resource;
                Matcher reference = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(target);
                assertTrue(reference.matches(), machine.logicalId() + ": Task " + task.path("Comment").asText(resource)
                    + " names its function by a substitution, got " + target);
                assertTrue(functionOf.containsKey(reference.group(1)), machine.logicalId() + ": ${" + reference.group(1) + "} is substituted");
                used.add(reference.group(1));
            }
            assertEquals(functionOf.keySet(), used, machine.logicalId() + ": every substitution is a Task's function");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsRedisAndVpcGoOnlyWhereTheyBelong() {
        Map<String, Object> resources = (Map<String, Object>) raw.get("Resources");
        for (FunctionDef f : template.functions().values()) {
            Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) resources.get(f.logicalId())).get("Properties");
            Map<String, String> env = f.environment();
            boolean redis = env.containsKey("REDIS_URI");
            assertEquals(redis, env.containsKey("REDIS_AUTH_SECRET_ARN"), f.logicalId());
            assertEquals(redis, properties.containsKey("VpcConfig"), f.logicalId() + ": VpcConfig exactly on the Redis functions");
            assertFalse(env.containsKey("E2B_API_KEY") || env.containsKey("REDIS_PASSWORD"), f.logicalId() + ": no secret value in the environment");
            String policies = String.valueOf(properties.get("Policies"));
            for (String arnVariable : List.of("REDIS_AUTH_SECRET_ARN", "E2B_API_KEY_SECRET_ARN", "SAFETY_APPROVALS_WEBHOOK_SECRET_ARN",
                    "SAFETY_BUDGET_ALERTS_WEBHOOK_SECRET_ARN")) {
                String parameter = switch (arnVariable) {
                    case "REDIS_AUTH_SECRET_ARN" -> "RedisAuthSecretArn";
                    case "E2B_API_KEY_SECRET_ARN" -> "E2bApiKeySecretArn";
                    case "SAFETY_APPROVALS_WEBHOOK_SECRET_ARN" -> "ApprovalWebhookSecretArn";
                    default -> "AlertWebhookSecretArn";
                };
                assertEquals(env.containsKey(arnVariable), policies.contains("Ref=" + parameter),
                    f.logicalId() + ": may read " + parameter + " exactly when it uses it");
            }
            if (env.containsKey("SAFETY_BUDGET_ALERTS_WEBHOOK_URL") || env.containsKey("SAFETY_APPROVALS_WEBHOOK_URL")) {
                // a webhook sent after a response could be frozen with the environment for hours (issue 15 §4)
                assertTrue(String.valueOf(properties.get("Events")).contains("Type=Schedule"),
                    f.logicalId() + ": webhooks are sent by scheduled functions only");
            }
            assertFalse(policies.matches("(?s).*Action=[^,}]*\\*.*"), f.logicalId() + ": no wildcard actions");
            Object logging = properties.get("LoggingConfig");
            assertTrue(String.valueOf(logging).contains("LogGroup={Ref="), f.logicalId() + ": its own log group with retention");
        }
    }
}
