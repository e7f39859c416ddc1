package io.agentsafety.client;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signature Version 4 for the IAM-authorized HTTP API ({@code execute-api}), with the AWS SDK v2 signer. Needs
 * {@code software.amazon.awssdk:http-auth-aws} and {@code auth} on the class path (optional dependencies).
 */
public final class SigV4Signer implements RequestSigner {

    private final String region;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SigV4Signer(String region, AwsCredentialsProvider credentials) {
        this.region = region;
        this.credentials = credentials;
    }

    /** The default credential chain (environment, profile, container, instance role). */
    public static SigV4Signer forRegion(String region) {
        return new SigV4Signer(region, DefaultCredentialsProvider.builder().build());
    }

    @Override
    public Map<String, List<String>> sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        headers.forEach(request::putHeader);
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
            .request(request.build())
            .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
            .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Map<String, List<String>> out = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            if (!headers.containsKey(name.toLowerCase(java.util.Locale.ROOT)) && !"host".equalsIgnoreCase(name)) {
                out.put(name, values);
            }
        });
        return out;
    }
}
