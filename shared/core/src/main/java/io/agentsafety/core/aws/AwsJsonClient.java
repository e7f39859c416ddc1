package io.agentsafety.core.aws;

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

/**
 * One SigV4-signed POST to an AWS JSON-protocol service (Secrets Manager's {@code GetSecretValue} at start, Step
 * Functions' task callbacks): the JDK's HTTP client, the role's credentials ({@link AwsCredentials}) and the
 * endpoint rules of the AWS SDKs ({@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}, then the
 * regional endpoint). The SDK itself would add about 4 MB and a slower cold start to each jar for these few calls.
 */
public final class AwsJsonClient {

    /** The answer: status, body, and AWS's error type ({@code __type} without its namespace) when not 2xx. */
    public record Response(int status, String body, String errorType) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final Map<String, String> env;
    /**
     * Built on the first call, not with the client: building one sets up TLS (about 250 classes) and a selector
     * thread, which every function would otherwise pay at start even when it never calls AWS (no secret ARN set).
     */
    private volatile HttpClient http;

    public AwsJsonClient(Map<String, String> env) {
        this.env = env;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
                    http = client;
                }
            }
        }
        return client;
    }

    /**
     * @param jsonVersion {@code 1.0} (Step Functions) or {@code 1.1} (Secrets Manager)
     * @param target      the {@code X-Amz-Target}, e.g. {@code AWSStepFunctions.SendTaskSuccess}
     */
    public Response call(URI endpoint, String region, String service, String jsonVersion, String target, String json,
                         Duration timeout) throws IOException, InterruptedException {
        AwsCredentials credentials = AwsCredentials.resolve(env, http());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-" + jsonVersion);
        headers.put("X-Amz-Target", target);
        String host = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        Map<String, String> auth = SigV4.sign(host, headers, body, region, service, credentials, ZonedDateTime.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        auth.forEach(request::header);
        HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        String errorType = null;
        if (response.statusCode() / 100 != 2) {
            String type = AwsCredentials.topLevelStrings(response.body()).get("__type");
            if (type == null) {
                type = response.headers().firstValue("x-amzn-ErrorType").orElse("HTTP " + response.statusCode());
            }
            errorType = type.substring(type.lastIndexOf('#') + 1).split(":", 2)[0];
        }
        return new Response(response.statusCode(), response.body(), errorType);
    }

    /** The service endpoint as the AWS SDKs choose it: {@code AWS_ENDPOINT_URL_<envSuffix>}, {@code AWS_ENDPOINT_URL}, regional. */
    public URI endpoint(String envSuffix, String hostPrefix, String partition, String region) {
        for (String name : new String[]{"AWS_ENDPOINT_URL_" + envSuffix, "AWS_ENDPOINT_URL"}) {
            String override = env.get(name);
            if (override != null && !override.isBlank()) {
                return URI.create(override.strip());
            }
        }
        String suffix = "aws-cn".equals(partition) ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://" + hostPrefix + "." + region + "." + suffix);
    }
}
