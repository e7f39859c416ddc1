package io.agentsafety.local.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamTemplateTest {

    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    @Test
    void readsTheProjectTemplate() throws IOException {
        SamTemplate template = SamTemplate.load(Path.of("..", "template.yaml"), "eu-west-1", warnings::add);
        FunctionDef gate = template.functions().get("PolicyCheckFunction");
        assertEquals("io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction", gate.handler());
        assertTrue(gate.codeUri().endsWith(Path.of("functions", "policy-check", "target", "policy-check-lambda.zip")), gate.codeUri().toString());
        assertEquals(List.of("POST /api/v1/safety/check", "GET /api/v1/safety/policy"), gate.routes().stream().map(Route::routeKey).toList());
        assertEquals("lambda", gate.environment().get("MICRONAUT_ENVIRONMENTS"), "Globals.Function.Environment");
        assertEquals("", gate.environment().get("SAFETY_POLICY_NETWORK_ALLOWLIST"), "!Ref NetworkAllowlist at its Default");
        assertTrue(gate.parameterBound().containsAll(List.of("REDIS_URI", "SAFETY_POLICY_NETWORK_ALLOWLIST")));
        assertFalse(gate.parameterBound().contains("MICRONAUT_ENVIRONMENTS"));
        assertEquals(15, gate.timeoutSeconds());
        assertEquals(512, gate.memoryMb());

        FunctionDef direct = template.functions().get("PolicyCheckDirectFunction");
        assertEquals("io.agentsafety.functions.policy.PolicyCheckFunction::handleRequest", direct.handler());
        assertTrue(direct.routes().isEmpty(), "direct-invoke functions have no route");
        for (FunctionDef function : template.functions().values()) {
            function.routes().forEach(route -> assertEquals(function.logicalId(), route.functionId()));
        }
    }

    @Test
    void resolvesShortAndLongFormIntrinsics() throws IOException {
        SamTemplate template = load("""
            Parameters:
              Name: {Type: String, Default: guard}
              Hosts: {Type: CommaDelimitedList, Default: 'a.test,b.test'}
            Mappings:
              Sizes: {small: {heap: '64'}}
            Conditions:
              Named: !Equals [!Ref Name, guard]
              Both: !And [!Condition Named, !Not [!Equals ['x', 'y']]]
            Globals:
              Function:
                Runtime: java17
                CodeUri: build/fn.jar
                Environment:
                  Variables:
                    GLOBAL: g
                    OVERRIDDEN: global
            Resources:
              Table: {Type: AWS::DynamoDB::Table}
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: !Sub '${Name}.Handler::run'
                  Environment:
                    Variables:
                      OVERRIDDEN: own
                      SUB: !Sub 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${Table.Arn}/${!Literal}/${Extra}'
                      SUB_VARS: !Sub ['${A}-${Name}', {A: !Ref Table}]
                      GETATT: !GetAtt Table.StreamArn
                      GETATT_LONG: {'Fn::GetAtt': [Table, Arn]}
                      JOIN: {'Fn::Join': ['|', [a, !Ref Name, c]]}
                      SELECT: !Select [1, !Ref Hosts]
                      SPLIT_SELECT: !Select [0, !Split [',', 'x,y']]
                      IF: !If [Both, enabled, disabled]
                      NOVALUE: !If [Named, !Ref AWS::NoValue, kept]
                      MAP: !FindInMap [Sizes, small, heap]
                      B64: !Base64 hi
                      NUMBER: 42
            """.replace("${Extra}", "${Name}"));
        Map<String, String> env = template.functions().get("Fn").environment();
        assertEquals("guard.Handler::run", template.functions().get("Fn").handler());
        assertEquals("g", env.get("GLOBAL"));
        assertEquals("own", env.get("OVERRIDDEN"), "the function's variable beats Globals");
        assertEquals("arn:aws:x:eu-west-1:123456789012:Table.Arn/${Literal}/guard", env.get("SUB"));
        assertEquals("Table-guard", env.get("SUB_VARS"));
        assertEquals("Table.StreamArn", env.get("GETATT"));
        assertEquals("Table.Arn", env.get("GETATT_LONG"));
        assertEquals("a|guard|c", env.get("JOIN"));
        assertEquals("b.test", env.get("SELECT"));
        assertEquals("x", env.get("SPLIT_SELECT"));
        assertEquals("enabled", env.get("IF"));
        assertFalse(env.containsKey("NOVALUE"), "AWS::NoValue removes the key");
        assertEquals("64", env.get("MAP"));
        assertEquals("aGk=", env.get("B64"));
        assertEquals("42", env.get("NUMBER"));
        assertTrue(template.functions().get("Fn").parameterBound().containsAll(List.of("SUB", "SUB_VARS", "JOIN", "SELECT")));
        assertFalse(template.functions().get("Fn").parameterBound().contains("GETATT"));
        assertEquals(dir.resolve("build/fn.jar"), template.functions().get("Fn").codeUri());
    }

    @Test
    void collectsHttpApiRoutesIncludingAnyAndDefault() throws IOException {
        SamTemplate template = load("""
            Resources:
              Items:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: java21
                  CodeUri: items.jar
                  Handler: x.Items
                  Events:
                    One: {Type: HttpApi, Properties: {Path: '/items/{id}', Method: get}}
                    All: {Type: HttpApi, Properties: {Path: '/files/{path+}', Method: ANY}}
                    NoMethod: {Type: HttpApi, Properties: {Path: /ping}}
                    Fallback: {Type: HttpApi}
                    Rest: {Type: Api, Properties: {Path: /rest, Method: GET}}
                    Queue: {Type: SQS, Properties: {Queue: q}}
              Node:
                Type: AWS::Serverless::Function
                Properties: {Runtime: nodejs20.x, CodeUri: src/, Handler: index.handler}
            """);
        FunctionDef items = template.functions().get("Items");
        assertEquals(List.of("GET /items/{id}", "ANY /files/{path+}", "ANY /ping", "$default"), items.routes().stream().map(Route::routeKey).toList());
        assertEquals(3, items.timeoutSeconds(), "SAM's default Timeout");
        assertFalse(template.functions().containsKey("Node"));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("Node") && w.contains("not a Java runtime")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("Items.Rest") && w.contains("REST Api")), warnings.toString());
    }

    @Test
    void rejectsTemplatesItCannotServeFaithfully() {
        assertThrows(TemplateException.class, () -> load("""
            Resources:
              Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: java17, CodeUri: a.jar, Handler: !Ref Missing}}
            """), "a Ref to nothing is an error, not an empty string");
        assertThrows(RuntimeException.class, () -> load("""
            Resources:
              Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: java17, CodeUri: a.jar, Handler: a}}
              Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: java17, CodeUri: b.jar, Handler: b}}
            """), "duplicate keys");
        assertThrows(TemplateException.class, () -> load("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: java17
                  CodeUri: a.jar
                  Handler: a
                  Events: {Bad: {Type: HttpApi, Properties: {Path: 'no-slash', Method: GET}}}
            """));
    }

    private SamTemplate load(String yaml) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, yaml);
        return SamTemplate.load(file, "eu-west-1", warnings::add);
    }
}
