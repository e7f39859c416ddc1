package io.agentsafety.approvals.sfn;

import io.agentsafety.approvals.ApprovalSettings;
import io.agentsafety.approvals.TaskCallbacks;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import java.net.URI;
import java.time.Duration;

/**
 * Step Functions callbacks with the AWS SDK v2 {@code sfn} client over the JDK's URL connection (no Netty, no
 * Apache client: a small jar and a fast cold start). Credentials come from the default chain (the Lambda role;
 * {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties in tests); the region from
 * {@code safety.approvals.sfn.region}, else {@code AWS_REGION}; the endpoint from
 * {@code safety.approvals.sfn.endpoint} when set (a VPC endpoint, or a local fake in tests). The client is built on
 * first use, so a function that never owes a callback never pays for it.
 */
@Singleton
public class SfnTaskCallbacks implements TaskCallbacks, AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final ApprovalSettings settings;
    private volatile SfnClient client;

    public SfnTaskCallbacks(ApprovalSettings settings) {
        this.settings = settings;
    }

    @Override
    public void success(String taskToken, String outputJson) {
        call(() -> client().sendTaskSuccess(r -> r.taskToken(taskToken).output(outputJson)));
    }

    @Override
    public void failure(String taskToken, String error, String cause) {
        call(() -> client().sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause)));
    }

    private static void call(Runnable request) {
        try {
            request.run();
        } catch (InvalidTokenException | TaskDoesNotExistException | TaskTimedOutException e) {
            // the token can never be answered: its execution ended, timed out, or it was answered already
            throw new CallbackException("Step Functions refused the task token (" + e.getClass().getSimpleName() + ")", true);
        } catch (SdkServiceException e) {
            boolean permanent = e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException() && e.statusCode() != 429;
            throw new CallbackException("Step Functions answered HTTP " + e.statusCode(), permanent);
        } catch (SdkClientException e) {
            throw new CallbackException("Step Functions unreachable (" + e.getClass().getSimpleName() + ")", false);
        }
    }

    private SfnClient client() {
        SfnClient current = client;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (client == null) {
                SfnClientBuilder builder = SfnClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(5)))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .region(region())
                    .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
                if (settings.sfnEndpoint() != null) {
                    builder.endpointOverride(URI.create(settings.sfnEndpoint()));
                }
                client = builder.build();
            }
            return client;
        }
    }

    private Region region() {
        if (settings.sfnRegion() != null) {
            return Region.of(settings.sfnRegion());
        }
        String fromEnv = System.getenv("AWS_REGION");
        return Region.of(fromEnv == null || fromEnv.isBlank() ? "us-east-1" : fromEnv);
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
