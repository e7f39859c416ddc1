package io.agentsafety.core.secrets;

import io.agentsafety.core.JsonText;
import io.agentsafety.core.aws.AwsCallException;
import io.agentsafety.core.aws.AwsCredentials;
import io.agentsafety.core.aws.AwsJsonClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    private final AwsJsonClient aws;

    public SecretsManagerReader(Map<String, String> env) {
        this.env = env;
        this.aws = new AwsJsonClient(env);
    }

    /** Property name → value for every {@link SecretReference} whose ARN variable is set (not blank). */
    public Map<String, Object> readAll() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (SecretReference reference : SecretReference.ALL) {
            String arn = env.get(reference.envVariable());
            if (arn == null || arn.isBlank()) {
                continue;
            }
            try {
                properties.put(reference.property(), value(reference, read(arn.strip())));
            } catch (AwsCallException e) {
                throw new SecretsException(e.getMessage());
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

    private String read(String arn) throws IOException, InterruptedException {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw new SecretsException("not a Secrets Manager secret ARN: " + arn);
        }
        String region = m.group(2);
        AwsJsonClient.Response response = aws.call(aws.endpoint("SECRETS_MANAGER", "secretsmanager", m.group(1), region),
            region, "secretsmanager", "1.1", "secretsmanager.GetSecretValue",
            "{\"SecretId\":" + JsonText.quote(arn) + "}", Duration.ofSeconds(10));
        if (!response.ok()) {
            throw new SecretsException("GetSecretValue of " + arn + " failed: " + response.errorType());
        }
        Map<String, String> fields = AwsCredentials.topLevelStrings(response.body());
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
}
