package io.agentsafety.core;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code safety.http.*}: limits every route shares. {@code max-body-bytes} defaults to 6 MiB, Lambda's synchronous
 * payload limit, so a body the platform would refuse anyway is refused the same way locally.
 */
@ConfigurationProperties("safety.http")
public class HttpSettings {

    public static final long DEFAULT_MAX_BODY_BYTES = 6L * 1024 * 1024;

    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    /** Largest request body any route accepts; a larger one is answered 413 before a controller reads it. */
    public long getMaxBodyBytes() { return maxBodyBytes; }

    public void setMaxBodyBytes(long maxBodyBytes) {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("safety.http.max-body-bytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
    }
}
