package io.agentsafety.audit;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code safety.audit.*}. Defaults: 100 000 entries and 7 days in Redis (whichever is reached first),
 * appends bounded by 250 ms, strict mode off. Longer retention is the exporter's job (CloudWatch Logs).
 */
@ConfigurationProperties("safety.audit")
public class AuditSettings {

    private String stream = "safety:audit";
    private long maxLength = 100_000;
    private Duration retention = Duration.ofDays(7);
    private boolean required;
    private Duration writeTimeout = Duration.ofMillis(250);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private int queryMaxScan = 5_000;
    private String exportCursorKey = "safety:audit:export-cursor";
    private int exportMaxEntries = 20_000;
    private int exportBatchSize = 500;

    /** The stream key ({@code safety:audit}). */
    public String getStream() { return stream; }
    public void setStream(String stream) { this.stream = require(stream, "stream"); }

    /** Cap on the stream's length ({@code MAXLEN ~} on every append). */
    public long getMaxLength() { return maxLength; }
    public void setMaxLength(long maxLength) { this.maxLength = positive(maxLength, "max-length"); }

    /** Entries older than this are trimmed ({@code XTRIM MINID ~}). */
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = positive(retention, "retention"); }

    /** Strict mode: an allow whose audit entry cannot be written is answered 503 instead. */
    public boolean isRequired() { return required; }
    public void setRequired(boolean required) { this.required = required; }

    /** Bound on one append (connecting included): a slow audit never slows a decision more than this. */
    public Duration getWriteTimeout() { return writeTimeout; }
    public void setWriteTimeout(Duration writeTimeout) { this.writeTimeout = positive(writeTimeout, "write-timeout"); }

    /** Bound on the reads of the query and export functions. */
    public Duration getCommandTimeout() { return commandTimeout; }
    public void setCommandTimeout(Duration commandTimeout) { this.commandTimeout = positive(commandTimeout, "command-timeout"); }

    /** Most entries one query page examines while filtering; past it the page ends with a cursor. */
    public int getQueryMaxScan() { return queryMaxScan; }
    public void setQueryMaxScan(int queryMaxScan) { this.queryMaxScan = (int) positive(queryMaxScan, "query-max-scan"); }

    /** Redis key holding the id of the last exported entry. */
    public String getExportCursorKey() { return exportCursorKey; }
    public void setExportCursorKey(String exportCursorKey) { this.exportCursorKey = require(exportCursorKey, "export-cursor-key"); }

    /** Most entries one export run copies (the rest waits for the next run), so a run fits its timeout. */
    public int getExportMaxEntries() { return exportMaxEntries; }
    public void setExportMaxEntries(int exportMaxEntries) { this.exportMaxEntries = (int) positive(exportMaxEntries, "export-max-entries"); }

    /** Entries read per XRANGE by the exporter; the cursor advances after each flushed batch. */
    public int getExportBatchSize() { return exportBatchSize; }
    public void setExportBatchSize(int exportBatchSize) { this.exportBatchSize = (int) positive(exportBatchSize, "export-batch-size"); }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("safety.audit." + name + " must not be empty");
        }
        return value.trim();
    }

    private static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException("safety.audit." + name + " must be positive");
        }
        return value;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("safety.audit." + name + " must be a positive duration");
        }
        return value;
    }
}
