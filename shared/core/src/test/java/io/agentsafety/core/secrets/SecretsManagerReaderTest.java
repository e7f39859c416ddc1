package io.agentsafety.core.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up secret reads against a loopback stand-in speaking Secrets Manager's JSON protocol, which checks
 * each request's SigV4 signature by re-signing it with the AWS SDK's own signer and the same credentials.
 */
class SecretsManagerReaderTest {

    static final String REDIS_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis-auth-AbCdEf";
    static final String E2B_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:e2b-XyZ123";
    static final String MISSING_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gone-000000";

    HttpServer server;
    final Map<String, String> secrets = new HashMap<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final List<String> targets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        secrets.put(REDIS_ARN, "{\"username\":\"default\",\"password\":\"r3dis-t0ken-value\"}");
        secrets.put(E2B_ARN, "e2b_0123456789abcdef0123456789abcdef");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        targets.add(target);
        String verdict = signatureProblem(exchange, body);
        int status;
        String answer;
        if (verdict != null) {
            failures.add(verdict);
            status = 403;
            answer = "{\"__type\":\"InvalidSignatureException\",\"message\":\"" + verdict + "\"}";
        } else if (!"secretsmanager.GetSecretValue".equals(target)) {
            status = 400;
            answer = "{\"__type\":\"UnknownOperationException\"}";
        } else {
            String id = io.agentsafety.core.aws.AwsCredentials.topLevelStrings(new String(body, StandardCharsets.UTF_8)).get("SecretId");
            String value = secrets.get(id);
            if (value == null) {
                status = 400;
                answer = "{\"__type\":\"com.amazonaws.secretsmanager#ResourceNotFoundException\",\"message\":\"not found\"}";
            } else {
                status = 200;
                answer = "{\"ARN\":\"" + id + "\",\"Name\":\"n\",\"SecretString\":" + json(value) + ",\"VersionId\":\"v1\"}";
            }
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Re-signs the request with the SDK at the request's own X-Amz-Date; null when the signatures agree. */
    private static String signatureProblem(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (authorization == null || amzDate == null) {
            return "unsigned";
        }
        if (!authorization.contains("Credential=AKIDEXAMPLE/") || !authorization.contains("/eu-west-1/secretsmanager/aws4_request")) {
            return "wrong credential scope";
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(URI.create("http://" + host + "/")).method(SdkHttpMethod.POST)
            .putHeader("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"))
            .putHeader("X-Amz-Target", exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        Instant at = java.time.LocalDateTime.parse(amzDate, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
        var signed = AwsV4HttpSigner.create().sign(r -> r
            .identity(AwsSessionCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-1"))
            .request(request.build())
            .payload(ContentStreamProvider.fromByteArray(body))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
            .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
            .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        String expected = signed.request().firstMatchingHeader("Authorization").orElse("");
        String expectedSignature = expected.substring(expected.indexOf("Signature=") + 10);
        String actualSignature = authorization.substring(authorization.indexOf("Signature=") + 10);
        if (!"session-token-1".equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
            return "no session token";
        }
        return expectedSignature.equals(actualSignature) ? null : "signature mismatch";
    }

    private Map<String, String> env(Map<String, String> arns) {
        Map<String, String> env = new HashMap<>(arns);
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        env.put("AWS_SESSION_TOKEN", "session-token-1");
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:" + server.getAddress().getPort());
        return env;
    }

    @Test
    void readsEachConfiguredSecretIntoItsPropertyWithAValidSignature() {
        Map<String, Object> values = new SecretsManagerReader(env(Map.of(
            "REDIS_AUTH_SECRET_ARN", REDIS_ARN, "E2B_API_KEY_SECRET_ARN", E2B_ARN, "SAFETY_APPROVALS_WEBHOOK_SECRET_ARN", " "))).readAll();
        assertEquals(List.of(), failures, "the stand-in accepted every signature");
        assertEquals(Map.of("redis.password", "r3dis-t0ken-value", "e2b.api-key", "e2b_0123456789abcdef0123456789abcdef"), values);
        assertEquals(List.of("secretsmanager.GetSecretValue", "secretsmanager.GetSecretValue"), targets);
    }

    @Test
    void nothingConfiguredContactsNobody() {
        assertEquals(Map.of(), new SecretsManagerReader(Map.of()).readAll());
        assertTrue(targets.isEmpty());
    }

    @Test
    void aMissingSecretFailsTheStartNamingTheArnAndErrorButNoValue() {
        SecretsException e = assertThrows(SecretsException.class, () -> new SecretsManagerReader(env(Map.of(
            "E2B_API_KEY_SECRET_ARN", E2B_ARN, "REDIS_AUTH_SECRET_ARN", MISSING_ARN))).readAll());
        assertTrue(e.getMessage().contains(MISSING_ARN) && e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
        assertFalse(e.getMessage().contains("e2b_0123"), "no secret value in the error");
    }

    @Test
    void aJsonSecretWithoutTheExpectedFieldIsRefused() {
        secrets.put(REDIS_ARN, "{\"token\":\"r3dis-t0ken-value\"}");
        SecretsException e = assertThrows(SecretsException.class,
            () -> new SecretsManagerReader(env(Map.of("REDIS_AUTH_SECRET_ARN", REDIS_ARN))).readAll());
        assertTrue(e.getMessage().contains("\"password\""), e.getMessage());
        assertFalse(e.getMessage().contains("r3dis-t0ken-value"));
    }

    @Test
    void aBadSignatureIsRejectedByTheStandIn() {
        Map<String, String> env = env(Map.of("E2B_API_KEY_SECRET_ARN", E2B_ARN));
        env.put("AWS_SECRET_ACCESS_KEY", "another-secret-key");
        SecretsException e = assertThrows(SecretsException.class, () -> new SecretsManagerReader(env).readAll());
        assertTrue(e.getMessage().contains("InvalidSignatureException"), e.getMessage());
        assertEquals(List.of("signature mismatch"), failures);
    }

    @Test
    void snapStartContainerCredentialsAreUsedWhenTheEnvironmentHasNone() throws IOException {
        server.createContext("/creds", exchange -> {
            boolean authorized = "container-token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = (authorized ? "{\"AccessKeyId\":\"AKIDEXAMPLE\",\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\","
                + "\"Token\":\"session-token-1\",\"Expiration\":\"2030-01-01T00:00:00Z\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(authorized ? 200 : 401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        Map<String, String> env = env(Map.of("E2B_API_KEY_SECRET_ARN", E2B_ARN));
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        env.remove("AWS_SESSION_TOKEN");
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + server.getAddress().getPort() + "/creds");
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-token");
        assertEquals(Map.of("e2b.api-key", "e2b_0123456789abcdef0123456789abcdef"), new SecretsManagerReader(env).readAll());
        assertEquals(List.of(), failures);
    }

    @Test
    void theValuesBecomeMicronautPropertiesAboveTheEnvironment() {
        Map<String, Object> values = new SecretsManagerReader(env(Map.of("E2B_API_KEY_SECRET_ARN", E2B_ARN))).readAll();
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("e2b.api-key", "from-configuration"))
                .propertySources(io.micronaut.context.env.PropertySource.of(SecretsManagerContextConfigurer.NAME, values,
                    SecretsManagerContextConfigurer.ORDER))
                .start()) {
            assertEquals("e2b_0123456789abcdef0123456789abcdef", context.getProperty("e2b.api-key", String.class).orElseThrow());
        }
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
