package io.agentsafety.core.secrets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads secret values with Secrets Manager's {@code GetSecretValue} (AWS JSON 1.1, SigV4). The endpoint is the
 * secret's own region ({@code https://secretsmanager.<region>.amazonaws.com}) unless
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or {@code AWS_ENDPOINT_URL} overrides it, as the AWS SDKs do.
 * Error messages name the ARN and AWS's error type, never a value.
 */
public final class SecretsManagerReader {

    private static final Pattern ARN = Pattern.compile("^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):\\d{12}:secret:.+$");

    private final Map<String, String> env;
    private final HttpClient http;

    public SecretsManagerReader(Map<String, String> env) {
        this.env = env;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Property name → value for every {@link SecretReference} whose ARN variable is set (not blank). */
    public Map<String, Object> readAll() {
        Map<String, Object> properties = new LinkedHashMap<>();
        AwsCredentials credentials = null;
        for (SecretReference reference : SecretReference.ALL) {
            String arn = env.get(reference.envVariable());
            if (arn == null || arn.isBlank()) {
                continue;
            }
            try {
                if (credentials == null) {
                    credentials = AwsCredentials.resolve(env, http);
                }
                properties.put(reference.property(), value(reference, read(arn.strip(), credentials)));
            } catch (IOException e) {
                throw new SecretsException(reference.envVariable() + ": Secrets Manager could not be reached ("
                    + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecretsException(reference.envVariable() + ": interrupted while reading the secret");
            }
        }
        return properties;
    }

    private String read(String arn, AwsCredentials credentials) throws IOException, InterruptedException {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw new SecretsException("not a Secrets Manager secret ARN: " + arn);
        }
        String region = m.group(2);
        URI endpoint = endpoint(m.group(1), region);
        byte[] body = ("{\"SecretId\":" + jsonString(arn) + "}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("X-Amz-Target", "secretsmanager.GetSecretValue");
        String host = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        Map<String, String> auth = SigV4.sign(host, headers, body, region, "secretsmanager", credentials, ZonedDateTime.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        auth.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> fields = AwsCredentials.topLevelStrings(response.body());
        if (response.statusCode() != 200) {
            String type = fields.getOrDefault("__type", "HTTP " + response.statusCode());
            throw new SecretsException("GetSecretValue of " + arn + " failed: " + type.substring(type.lastIndexOf('#') + 1));
        }
        String value = fields.get("SecretString");
        if (value == null && fields.get("SecretBinary") != null) {
            value = new String(java.util.Base64.getDecoder().decode(fields.get("SecretBinary")), StandardCharsets.UTF_8);
        }
        if (value == null || value.isBlank()) {
            throw new SecretsException("the secret " + arn + " is empty");
        }
        return value;
    }

    private static String value(SecretReference reference, String secret) throws IOException {
        String trimmed = secret.strip();
        if (!trimmed.startsWith("{")) {
            return trimmed;
        }
        String field = AwsCredentials.topLevelStrings(trimmed).get(reference.jsonField());
        if (field == null || field.isBlank()) {
            throw new SecretsException(reference.envVariable() + ": the secret is a JSON object without a \""
                + reference.jsonField() + "\" string");
        }
        return field;
    }

    private URI endpoint(String partition, String region) {
        for (String name : new String[]{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"}) {
            String override = env.get(name);
            if (override != null && !override.isBlank()) {
                return URI.create(override.strip());
            }
        }
        String suffix = partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://secretsmanager." + region + "." + suffix);
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
