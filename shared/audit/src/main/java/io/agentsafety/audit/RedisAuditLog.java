package io.agentsafety.audit;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.XTrimArgs;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail on a capped Redis Stream: one {@code XADD <stream> MAXLEN ~ <max-length> * e <json>}
 * per entry, and at most every 30 s per instance an {@code XTRIM <stream> MINID ~ <now - retention>}
 * pipelined with it (a stream takes one trim strategy per command). The entry is completed from the
 * request, redacted and bounded ({@link AuditValues}) before it is serialised; the write is bounded by
 * {@code safety.audit.write-timeout}. Failures are logged by kind (never with the entry) and counted.
 */
@Singleton
public class RedisAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedisAuditLog.class);
    static final long TRIM_INTERVAL_MILLIS = 30_000;

    private final AuditRedis redis;
    private final AuditSettings settings;
    private final AuditValues values;
    private final AuditRequestContext context;
    private final JsonMapper json;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastTrim = new AtomicLong();

    public RedisAuditLog(AuditRedis redis, AuditSettings settings, AuditValues values, AuditRequestContext context,
                         JsonMapper json) {
        this.redis = redis;
        this.settings = settings;
        this.values = values;
        this.context = context;
        this.json = json;
        redis.warmUp();
    }

    @Override
    public AuditWrite append(AuditEntry entry) {
        try {
            AuditEntry complete = entry.withContext(context.function(), context.requestId(), context.principal());
            String document = document(complete);
            boolean trim = trimDue();
            String id = redis.call(settings.getWriteTimeout(), c -> {
                if (trim) {
                    c.streams().xtrim(settings.getStream(), XTrimArgs.Builder.minId(retentionFloor()).approximateTrimming());
                }
                return c.streams().xadd(settings.getStream(),
                    XAddArgs.Builder.maxlen(settings.getMaxLength()).approximateTrimming(), Map.of("e", document));
            });
            return AuditWrite.written(id);
        } catch (Exception e) {
            long count = failures.incrementAndGet();
            // the kind only: the exception text may quote the entry or the server
            LOG.warn("audit_write_failed type={} failures={} cause={}", entry.type().wireName(), count,
                e instanceof AuditRedis.UnavailableException ? e.getMessage() : e.getClass().getSimpleName());
            return AuditWrite.failed();
        }
    }

    /**
     * Each string was redacted on its own (which sees through JSON escaping); the serialised document is
     * redacted once more as a whole, because some secrets are only recognisable next to their key
     * ({@code "password":"..."}) or only with another pair of the same entry ({@code "kty"} beside a JWK's
     * {@code "d"}, {@code "kind":"Secret"} beside its {@code "data"}): a pass over each value, even with its key,
     * is not the same (DocumentPassTest), so no entry skips this pass. If that second pass changed the document so
     * that it no longer parses, params and detail are dropped rather than stored half-redacted.
     */
    private String document(AuditEntry entry) throws java.io.IOException {
        Map<String, Object> cleaned = values.clean(entry.toJson());
        String document = json.writeValueAsString(cleaned);
        String redacted = values.redactor().redactToString(document);
        if (redacted.equals(document)) {
            return document;
        }
        try {
            json.readValue(redacted, io.micronaut.json.tree.JsonNode.class);
            return redacted;
        } catch (java.io.IOException e) {
            cleaned.remove("params");
            cleaned.remove("detail");
            cleaned.put("redaction", "params and detail dropped: they could not be redacted in place");
            return values.redactor().redactToString(json.writeValueAsString(cleaned));
        }
    }

    /** Appends that failed in this instance since it started. */
    public long failures() {
        return failures.get();
    }

    private boolean trimDue() {
        long now = System.currentTimeMillis();
        long last = lastTrim.get();
        return now - last >= TRIM_INTERVAL_MILLIS && lastTrim.compareAndSet(last, now);
    }

    private String retentionFloor() {
        return (System.currentTimeMillis() - settings.getRetention().toMillis()) + "-0";
    }
}
