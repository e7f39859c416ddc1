package io.agentsafety.core.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The function's role credentials as Lambda provides them: the {@code aws.accessKeyId}/{@code aws.secretAccessKey}
 * /{@code aws.sessionToken} system properties (as the AWS SDKs read them; tests), {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 * /{@code AWS_SESSION_TOKEN}, or - with SnapStart, where they are not in the environment - the container
 * credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
 * or {@code _TOKEN_FILE}). Resolved per use and never kept; {@link #toString()} hides them.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public static AwsCredentials resolve(Map<String, String> env, HttpClient http) throws IOException, InterruptedException {
        String propertyId = System.getProperty("aws.accessKeyId");
        String propertySecret = System.getProperty("aws.secretAccessKey");
        if (propertyId != null && !propertyId.isBlank() && propertySecret != null && !propertySecret.isBlank()) {
            return new AwsCredentials(propertyId, propertySecret, blankToNull(System.getProperty("aws.sessionToken")));
        }
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            return new AwsCredentials(id, secret, blankToNull(env.get("AWS_SESSION_TOKEN")));
        }
        String uri = blankToNull(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        if (uri == null && blankToNull(env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) != null) {
            uri = "http://169.254.170.2" + env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        }
        if (uri == null) {
            throw new AwsCallException("no AWS credentials: neither AWS_ACCESS_KEY_ID nor a container credentials endpoint is set");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).GET();
        String token = blankToNull(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
        if (token == null && blankToNull(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) != null) {
            token = Files.readString(Path.of(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"))).strip();
        }
        if (token != null) {
            request.header("Authorization", token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AwsCallException("the container credentials endpoint answered " + response.statusCode());
        }
        Map<String, String> fields = topLevelStrings(response.body());
        if (fields.get("AccessKeyId") == null || fields.get("SecretAccessKey") == null) {
            throw new AwsCallException("the container credentials endpoint answered without AccessKeyId/SecretAccessKey");
        }
        return new AwsCredentials(fields.get("AccessKeyId"), fields.get("SecretAccessKey"), fields.get("Token"));
    }

    /** The top-level string members of a JSON object (AWS JSON answers); other members are skipped. */
    public static Map<String, String> topLevelStrings(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    out.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "AwsCredentials[hidden]";
    }
}
