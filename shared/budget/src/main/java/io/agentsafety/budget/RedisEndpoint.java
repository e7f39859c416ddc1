package io.agentsafety.budget;

import io.lettuce.core.RedisURI;

import java.time.Duration;

/**
 * Where the ledger lives: {@code REDIS_URI} ({@code redis://} or {@code rediss://}, password allowed) wins;
 * otherwise {@code REDIS_HOST}/{@code REDIS_PORT}/{@code REDIS_DB}/{@code REDIS_PASSWORD}; with nothing
 * configured, a local Redis on 127.0.0.1:6379. The resulting URI is never logged (it may hold a password).
 */
public final class RedisEndpoint {

    private RedisEndpoint() {
    }

    public static RedisURI resolve(String uri, String host, Integer port, Integer db, String password, Duration timeout) {
        RedisURI resolved;
        if (uri != null && !uri.isBlank()) {
            String trimmed = uri.trim();
            if (!trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://")) {
                throw new IllegalArgumentException("REDIS_URI must start with redis:// or rediss://");
            }
            resolved = RedisURI.create(trimmed);
            // the template passes a credential-free rediss:// URI and the AUTH token separately (from Secrets Manager)
            if ((resolved.getPassword() == null || resolved.getPassword().length == 0) && password != null && !password.isEmpty()) {
                resolved = RedisURI.builder(resolved).withPassword(password.toCharArray()).build();
            }
        } else {
            RedisURI.Builder builder = RedisURI.Builder.redis(host == null || host.isBlank() ? "127.0.0.1" : host.trim(),
                port == null ? RedisURI.DEFAULT_REDIS_PORT : port);
            if (db != null) {
                builder.withDatabase(db);
            }
            if (password != null && !password.isEmpty()) {
                builder.withPassword(password.toCharArray());
            }
            resolved = builder.build();
        }
        resolved.setTimeout(timeout);
        return resolved;
    }
}
