package io.agentsafety.functions.redact;

import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.metrics.Dimension;
import io.agentsafety.core.metrics.InvocationMetrics;
import io.agentsafety.core.metrics.MetricNames;
import io.agentsafety.redaction.Finding;
import io.agentsafety.redaction.RedactionLimitException;
import io.agentsafety.redaction.RedactionLimits;
import io.agentsafety.redaction.RedactionResult;
import io.agentsafety.redaction.Redactor;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one validated request within the function's limits and shapes the answer so it fits Lambda's
 * response limit: findings past {@link #MAX_LISTED_FINDINGS} are summarised per kind, and a redacted text
 * that would not fit is a 413 naming the limit (Lambda would otherwise fail the call with a 502).
 */
@Singleton
public class BoundedRedaction {

    /** Findings listed one by one; the rest are counted in {@code finding_counts}. */
    static final int MAX_LISTED_FINDINGS = 1000;
    /** Findings of one request: beyond, the text is refused (each costs ~50 bytes of heap while redacting). */
    static final int MAX_FINDINGS = 250_000;
    /**
     * Characters searched × compiled size over a request's custom patterns. RE2J takes up to ~1 ns per unit
     * (BENCHMARK.md), so this keeps them within ~5 s of the function's 15 s timeout: e.g. one pattern
     * of size 800 without keywords over 6 MB, or 50 patterns with keywords that hit a few lines.
     */
    static final long MAX_CUSTOM_PATTERN_WORK = 5_000_000_000L;
    static final RedactionLimits LIMITS = new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, MAX_FINDINGS,
        ResponseSize.BODY_BUDGET, MAX_CUSTOM_PATTERN_WORK);

    private final Redactor redactor;
    private final JsonMapper json;
    private final InvocationMetrics metrics;

    public BoundedRedaction(Redactor redactor, JsonMapper json, InvocationMetrics metrics) {
        this.redactor = redactor;
        this.json = json;
        this.metrics = metrics;
    }

    /** {@code enveloped}: the response travels as the body string of an API Gateway proxy response. */
    public RedactResponse redact(RedactRequests.Parsed request, boolean enveloped) {
        RedactionResult result;
        try {
            result = redactor.redact(request.text(), request.options(), LIMITS);
        } catch (RedactionLimitException e) {
            throw problem(e);
        }
        List<Finding> all = result.findings();
        boolean truncated = all.size() > MAX_LISTED_FINDINGS;
        List<RedactResponse.FindingView> listed = (truncated ? all.subList(0, MAX_LISTED_FINDINGS) : all).stream()
            .map(RedactResponse.FindingView::of).toList();
        Map<String, Integer> counts = new TreeMap<>();
        for (Finding f : all) {
            counts.merge(f.kind(), 1, Integer::sum);
        }
        RedactResponse summary = new RedactResponse("", listed, all.size(), truncated, counts);
        long bytes = ResponseSize.ofJson(serialise(summary), enveloped) + ResponseSize.ofString(result.redacted(), enveloped);
        if (bytes > ResponseSize.BODY_BUDGET) {
            throw responseTooLarge();
        }
        count(counts);
        return new RedactResponse(result.redacted(), listed, all.size(), truncated, counts);
    }

    /**
     * {@code Redactions} by {@code Kind}: the detector table's and configured kinds, the known-value kinds; a kind named
     * by the request's own custom patterns is the caller's text and counts as {@code custom}.
     */
    private void count(Map<String, Integer> counts) {
        Map<String, Integer> closed = new TreeMap<>();
        counts.forEach((kind, n) -> closed.merge(redactor.kinds().contains(kind) || Redactor.ENV_KIND.equals(kind)
            || Redactor.EXTRA_KIND.equals(kind) ? kind : "custom", n, Integer::sum));
        closed.forEach((kind, n) -> metrics.count(MetricNames.REDACTIONS, n, Dimension.of("Kind", kind)));
    }

    private byte[] serialise(RedactResponse response) {
        try {
            return json.writeValueAsBytes(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProblemException problem(RedactionLimitException e) {
        return switch (e.limit()) {
            case KNOWN_VALUE_BYTES -> RedactRequests.knownValuesTooLarge(List.of("extra_secrets", "env"));
            case FINDINGS -> tooLarge("too_many_findings", "the text holds more than " + MAX_FINDINGS
                + " secrets; redact it in smaller parts", "text", "holds more than " + MAX_FINDINGS + " findings");
            case REDACTED_CHARS -> responseTooLarge();
            case CUSTOM_PATTERN_WORK -> tooLarge("custom_patterns_too_costly", "searching this text with these custom patterns"
                + " would take more than " + MAX_CUSTOM_PATTERN_WORK + " character-instructions; give the patterns keywords,"
                + " make them smaller or send less text", "custom_patterns", "too costly for a text of this size");
        };
    }

    private static ProblemException responseTooLarge() {
        return tooLarge("response_too_large", "the redacted text and its findings would exceed Lambda's "
            + ResponseSize.LAMBDA_RESPONSE_LIMIT + "-byte response limit; redact the text in smaller parts",
            "text", "redacted, it would not fit in the " + ResponseSize.LAMBDA_RESPONSE_LIMIT + "-byte response limit");
    }

    static ProblemException tooLarge(String code, String detail, String field, String message) {
        return new ProblemException(Problem.of(413, code, "Payload too large", detail,
            List.of(new Problem.FieldError(field, message))));
    }
}
