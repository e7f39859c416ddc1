package io.agentsafety.audit;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XTrimArgs;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail on a capped Redis Stream: one {@code XADD <stream> MAXLEN ~ <max-length> * e <json>}
 * per entry, and at most every 30 s per instance an {@code XTRIM <stream> MINID ~ <now - retention>}
 * pipelined with it (a stream takes one trim strategy per command). The entry is completed from the
 * request, redacted and bounded ({@link AuditValues}) before it is serialised; the write is bounded by
 * {@code safety.audit.write-timeout}. Failures are logged by kind (never with the entry) and counted. Entries held by
 * a batch ({@link #openBatch}) are sent with the thread's next append, their {@code XADD}s in one go, before its own.
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
    /** This thread's open batch, if any ({@link #openBatch}). */
    private final ThreadLocal<Batch> batches = new ThreadLocal<>();

    /** An entry ready to write: its stored document, and its type for the failure log. */
    private record Prepared(AuditType type, String document) {
    }

    /** The entries a batch holds until the thread's next append, in the order they were given. */
    private static final class Batch {
        private final List<Prepared> held = new ArrayList<>(2);

        List<Prepared> drain() {
            List<Prepared> out = new ArrayList<>(held.size() + 1);
            out.addAll(held);
            held.clear();
            return out;
        }
    }

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
        Batch batch = batches.get();
        List<Prepared> entries = batch == null ? new ArrayList<>(1) : batch.drain();
        Prepared prepared = prepare(entry);
        if (prepared == null) {
            write(entries);
            return AuditWrite.failed();
        }
        entries.add(prepared);
        return write(entries).get(entries.size() - 1);
    }

    @Override
    public void appendLater(AuditEntry entry) {
        Batch batch = batches.get();
        if (batch == null) {
            append(entry);
            return;
        }
        Prepared prepared = prepare(entry);
        if (prepared != null) {
            batch.held.add(prepared);
        }
    }

    @Override
    public AuditBatch openBatch() {
        if (batches.get() != null) {
            return AuditBatch.NONE;
        }
        Batch batch = new Batch();
        batches.set(batch);
        return () -> {
            batches.remove();
            write(batch.drain());
        };
    }

    /** An entry completed from the request, redacted and serialised; null (logged and counted) if that failed. */
    private Prepared prepare(AuditEntry entry) {
        try {
            return new Prepared(entry.type(), document(entry.withContext(context.function(), context.requestId(), context.principal())));
        } catch (Exception e) {
            failed(entry.type(), e);
            return null;
        }
    }

    /**
     * One {@code XADD} per entry, in order, sent together (the trim, when due, first) and awaited together within
     * the write timeout; each entry's outcome on its own.
     */
    private List<AuditWrite> write(List<Prepared> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<AuditRedis.Answer<String>> answers;
        try {
            boolean trim = trimDue();
            answers = redis.callEach(settings.getWriteTimeout(), c -> {
                if (trim) {
                    c.streams().xtrim(settings.getStream(), XTrimArgs.Builder.minId(retentionFloor()).approximateTrimming());
                }
                List<RedisFuture<String>> adds = new ArrayList<>(entries.size());
                for (Prepared prepared : entries) {
                    adds.add(c.streams().xadd(settings.getStream(),
                        XAddArgs.Builder.maxlen(settings.getMaxLength()).approximateTrimming(), Map.of("e", prepared.document())));
                }
                return adds;
            });
        } catch (Exception e) {
            return entries.stream().map(prepared -> failed(prepared.type(), e)).toList();
        }
        List<AuditWrite> writes = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            AuditRedis.Answer<String> answer = answers.get(i);
            writes.add(answer.failure() == null ? AuditWrite.written(answer.value()) : failed(entries.get(i).type(), answer.failure()));
        }
        return writes;
    }

    private AuditWrite failed(AuditType type, Exception e) {
        long count = failures.incrementAndGet();
        // the kind only: the exception text may quote the entry or the server
        LOG.warn("audit_write_failed type={} failures={} cause={}", type.wireName(), count,
            e instanceof AuditRedis.UnavailableException ? e.getMessage() : e.getClass().getSimpleName());
        return AuditWrite.failed();
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
