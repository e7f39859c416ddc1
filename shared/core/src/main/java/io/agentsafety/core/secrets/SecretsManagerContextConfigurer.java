package io.agentsafety.core.secrets;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.env.PropertySource;

import java.util.Map;

/**
 * Resolves the secrets the template passes by ARN ({@link SecretReference#ALL}: {@code E2B_API_KEY_SECRET_ARN} →
 * {@code e2b.api-key}, {@code REDIS_AUTH_SECRET_ARN} → {@code redis.password}, the webhook keys) once, when the
 * function's application context is built, and adds them as a property source above the environment variables.
 * Registered through {@code META-INF/services}, so every Micronaut context (the Lambda handlers' included) gets
 * it; with no {@code *_SECRET_ARN} set it does nothing and contacts nobody. A secret that cannot be read fails
 * the start (fail closed: no Redis without its password, no E2B without its key). Values are never logged.
 * With SnapStart the values are part of the (encrypted) snapshot: a rotated secret reaches the functions with
 * the next published version ({@code sam deploy}).
 */
public final class SecretsManagerContextConfigurer implements ApplicationContextConfigurer {

    /** Above the environment variables (which hold the ARNs). */
    static final int ORDER = 1000;
    static final String NAME = "aws-secrets-manager";

    @Override
    public void configure(ApplicationContextBuilder builder) {
        Map<String, Object> values = new SecretsManagerReader(System.getenv()).readAll();
        if (!values.isEmpty()) {
            builder.propertySources(PropertySource.of(NAME, values, ORDER));
        }
    }
}
