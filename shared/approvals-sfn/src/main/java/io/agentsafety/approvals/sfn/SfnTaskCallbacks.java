package io.agentsafety.approvals.sfn;

import io.agentsafety.approvals.ApprovalSettings;
import io.agentsafety.approvals.TaskCallbacks;
import io.agentsafety.core.JsonText;
import io.agentsafety.core.aws.AwsCallException;
import io.agentsafety.core.aws.AwsJsonClient;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Step Functions task callbacks ({@code SendTaskSuccess}/{@code SendTaskFailure}, AWS JSON 1.0) signed with SigV4 by
 * shared/core's {@link AwsJsonClient} — the same client that reads secrets at start — instead of the AWS SDK's
 * {@code sfn} client, which added about 4 MB to each approvals jar. Credentials: the Lambda role (environment or
 * container endpoint; {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties in tests). Region:
 * {@code safety.approvals.sfn.region}, else {@code AWS_REGION}. Endpoint: {@code safety.approvals.sfn.endpoint}
 * (a VPC endpoint, or a local Step Functions), else {@code AWS_ENDPOINT_URL_SFN}/{@code AWS_ENDPOINT_URL}, else
 * {@code https://states.<region>.amazonaws.com}. One attempt per call: the notifier's outbox retries later.
 */
@Singleton
public class SfnTaskCallbacks implements TaskCallbacks, AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** The token can never be answered: its execution ended, timed out, or it was answered already. */
    private static final Set<String> DEAD_TOKEN = Set.of("InvalidToken", "TaskDoesNotExist", "TaskTimedOut");

    private final ApprovalSettings settings;
    private final Map<String, String> env;
    private final AwsJsonClient aws;

    @jakarta.inject.Inject
    public SfnTaskCallbacks(ApprovalSettings settings) {
        this(settings, System.getenv());
    }

    SfnTaskCallbacks(ApprovalSettings settings, Map<String, String> env) {
        this.settings = settings;
        this.env = env;
        this.aws = new AwsJsonClient(env);
    }

    @Override
    public void success(String taskToken, String outputJson) {
        send("SendTaskSuccess", "{\"taskToken\":" + JsonText.quote(taskToken)
            + ",\"output\":" + JsonText.quote(outputJson) + "}");
    }

    @Override
    public void failure(String taskToken, String error, String cause) {
        send("SendTaskFailure", "{\"taskToken\":" + JsonText.quote(taskToken)
            + ",\"error\":" + JsonText.quote(error) + ",\"cause\":" + JsonText.quote(cause) + "}");
    }

    private void send(String action, String body) {
        AwsJsonClient.Response response;
        try {
            String region = region();
            response = aws.call(endpoint(region), region, "states", "1.0", "AWSStepFunctions." + action, body, CALL_TIMEOUT);
        } catch (IOException e) {
            throw new CallbackException("Step Functions unreachable (" + e.getClass().getSimpleName() + ")", false);
        } catch (AwsCallException e) {
            throw new CallbackException("Step Functions not called: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallbackException("interrupted while calling Step Functions", false);
        }
        if (response.ok()) {
            return;
        }
        // never the token, never the answer's message: only AWS's error type and the status
        if (DEAD_TOKEN.contains(response.errorType())) {
            throw new CallbackException("Step Functions refused the task token (" + response.errorType() + ")", true);
        }
        boolean throttled = response.status() == 429 || response.errorType().contains("Throttl");
        boolean permanent = response.status() / 100 == 4 && !throttled;
        throw new CallbackException("Step Functions answered HTTP " + response.status() + " " + response.errorType(), permanent);
    }

    private URI endpoint(String region) {
        if (settings.sfnEndpoint() != null) {
            return URI.create(settings.sfnEndpoint());
        }
        return aws.endpoint("SFN", "states", region.startsWith("cn-") ? "aws-cn" : "aws", region);
    }

    private String region() {
        if (settings.sfnRegion() != null) {
            return settings.sfnRegion();
        }
        String fromEnv = env.get("AWS_REGION");
        return fromEnv == null || fromEnv.isBlank() ? "us-east-1" : fromEnv;
    }

    @Override
    public void close() {
        // nothing held: the JDK client's connections are pooled and closed with the process
    }
}
