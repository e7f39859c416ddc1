package io.agentsafety.client;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests to the IAM-authorized API arrive signed: the receiving side recomputes the SigV4 signature from what it
 * received (method, path, host, signed headers, body, the request's own X-Amz-Date) and gets the same value.
 */
class SigV4SignerTest {

    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    @Test
    void theServerCanVerifyTheSignature() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
             SafetyClient client = SafetyClient.builder().baseUrl(server.url())
                 .signer(new SigV4Signer("eu-west-1", StaticCredentialsProvider.create(CREDENTIALS))).build()) {
            server.then(ScriptedServer.Reply.json(200, "{\"redacted\":\"x\",\"findings\":[],\"count\":0}"));
            client.redact().redact("hello");
            ScriptedServer.Received received = server.received.get(0);

            String authorization = received.header("Authorization");
            assertNotNull(authorization, "signed");
            Matcher m = Pattern.compile("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/(\\d{8})/eu-west-1/execute-api/aws4_request, "
                + "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})").matcher(authorization);
            assertTrue(m.matches(), authorization);
            assertTrue(m.group(2).contains("host") && m.group(2).contains("x-amz-date") && m.group(2).contains("content-type"));

            Instant signedAt = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(received.header("X-Amz-Date"), Instant::from);
            SdkHttpRequest.Builder again = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create(server.url() + received.path()));
            for (String name : m.group(2).split(";")) {
                if (!name.equals("host") && !name.equals("x-amz-date") && !name.equals("x-amz-content-sha256")) {
                    again.putHeader(name, received.header(name));
                }
            }
            var resigned = AwsV4HttpSigner.create().sign(r -> r.identity(CREDENTIALS).request(again.build())
                .payload(ContentStreamProvider.fromByteArray(received.body().getBytes(StandardCharsets.UTF_8)))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
            assertEquals(authorization, resigned.request().firstMatchingHeader("Authorization").orElseThrow());
        }
    }
}
