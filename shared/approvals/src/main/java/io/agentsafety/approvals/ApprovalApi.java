package io.agentsafety.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.agentsafety.core.Ids;
import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.TextScrubber;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The four approval routes, shared by their function modules (each a thin controller): read one, list, approve,
 * deny. Ids outside the grammar are a 404 that does not repeat them; Redis down is a 503 with nothing written.
 */
@Singleton
public class ApprovalApi {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Set<String> LIST_PARAMS = Set.of("status", "run_id", "limit", "cursor");
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalApi.class);

    private final ApprovalStore store;
    private final ApprovalViews views;
    private final ApprovalSettings settings;
    private final TaskCallbackDispatcher callbacks;
    private final ApprovalTransitions transitions;
    private final TextScrubber scrubber;

    public ApprovalApi(ApprovalStore store, ApprovalViews views, ApprovalSettings settings, TaskCallbackDispatcher callbacks,
                       ApprovalTransitions transitions, TextScrubber scrubber) {
        this.store = store;
        this.views = views;
        this.settings = settings;
        this.callbacks = callbacks;
        this.transitions = transitions;
        this.scrubber = scrubber;
    }

    public Approval get(String id) {
        return views.view(found(id, store.get(requireWellFormed(id), System.currentTimeMillis())));
    }

    public VerdictResult approve(String id, byte[] body, APIGatewayV2HTTPEvent event) {
        VerdictRequest request = verdictRequest(body, event);
        long now = System.currentTimeMillis();
        ApprovalStore.Outcome outcome = store.approve(requireWellFormed(id), request.approver(), comment(request), now);
        StoredApproval approval = found(id, outcome);
        transitions.published("COUNTED".equals(outcome.code()) ? "vote_counted" : "approved", outcome, request.approver(), now);
        switch (outcome.code()) {
            case "SELF" -> throw new ProblemException(Problem.of(403, "self_approval", "Forbidden",
                "the requester of an approval cannot approve it", null));
            case "CONFLICT" -> throw notPending(approval);
            default -> {
                // APPROVED, COUNTED or DUPLICATE
            }
        }
        String result = switch (outcome.code()) {
            case "APPROVED" -> "approved";
            case "COUNTED" -> "counted";
            default -> "already_counted";
        };
        LOG.info("approval {}: {} by an approver ({} of {})", approval.id(), result,
            views.view(approval).approvals().size(), approval.fields().get("required"));
        return new VerdictResult(result, views.view(approval), callbacks.settle(approval, now));
    }

    public VerdictResult deny(String id, byte[] body, APIGatewayV2HTTPEvent event) {
        VerdictRequest request = verdictRequest(body, event);
        long now = System.currentTimeMillis();
        ApprovalStore.Outcome outcome = store.deny(requireWellFormed(id), request.approver(), comment(request), now);
        StoredApproval approval = found(id, outcome);
        transitions.published("denied", outcome, request.approver(), now);
        if ("CONFLICT".equals(outcome.code())) {
            throw notPending(approval);
        }
        LOG.info("approval {}: denied", approval.id());
        return new VerdictResult("denied", views.view(approval), callbacks.settle(approval, now));
    }

    /**
     * {@code GET /approvals?status=&run_id=&limit=&cursor=}: newest first from the run's index (when {@code run_id} is
     * given) or the status index, each entry re-read so the answer reflects the records, not a lagging index.
     */
    public ApprovalPage list(Map<String, List<String>> query) {
        List<Problem.FieldError> errors = new ArrayList<>();
        query.forEach((name, values) -> {
            if (!LIST_PARAMS.contains(name)) {
                errors.add(new Problem.FieldError(scrubber.quotableName(name), "is not a known query parameter"));
            } else if (values.size() > 1) {
                errors.add(new Problem.FieldError(name, "must be given once"));
            }
        });
        ApprovalStatus status = null;
        String statusText = single(query, "status");
        if (statusText != null) {
            status = ApprovalStatus.parse(statusText).orElse(null);
            if (status == null) {
                errors.add(new Problem.FieldError("status", "must be one of " + ApprovalStatus.allowedValues()));
            }
        }
        String runId = single(query, "run_id");
        if (runId != null && !Ids.isValidIdentifier(runId)) {
            errors.add(new Problem.FieldError("run_id", Ids.identifierRule()));
        }
        int limit = DEFAULT_LIMIT;
        String limitText = single(query, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
                if (limit < 1 || limit > MAX_LIMIT) {
                    errors.add(new Problem.FieldError("limit", "must be between 1 and " + MAX_LIMIT));
                }
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError("limit", "must be a whole number"));
            }
        }
        Cursor cursor = null;
        String cursorText = single(query, "cursor");
        if (cursorText != null) {
            cursor = Cursor.parse(cursorText);
            if (cursor == null) {
                errors.add(new Problem.FieldError("cursor", "is not a cursor this API returned"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String index = runId != null ? ApprovalKeys.run(runId) : status != null ? ApprovalKeys.status(status) : ApprovalKeys.all();
        return page(index, status, runId, limit, cursor);
    }

    private ApprovalPage page(String index, ApprovalStatus status, String runId, int limit, Cursor cursor) {
        long now = System.currentTimeMillis();
        List<Approval> out = new ArrayList<>();
        Cursor position = cursor;
        int fetch = limit * 2 + 10;
        boolean exhausted = false;
        // a few rounds at most: entries whose record changed status or expired out of Redis are skipped
        for (int round = 0; round < 5 && out.size() < limit && !exhausted; round++) {
            List<ApprovalStore.IndexEntry> entries = store.page(index, position == null ? Long.MAX_VALUE : position.score(), fetch);
            exhausted = entries.size() < fetch;
            boolean advanced = false;
            for (ApprovalStore.IndexEntry entry : entries) {
                if (position != null && position.alreadySeen(entry)) {
                    continue;
                }
                if (out.size() == limit) {
                    exhausted = false;
                    break;
                }
                position = new Cursor(entry.score(), entry.id());
                advanced = true;
                ApprovalStore.Outcome outcome = store.get(entry.id(), now);
                if (!outcome.found()) {
                    continue;
                }
                StoredApproval approval = outcome.approval();
                if ((status == null || approval.status() == status) && (runId == null || runId.equals(approval.runId()))) {
                    out.add(views.view(approval));
                }
            }
            if (!advanced) {
                break;
            }
        }
        boolean more = !exhausted && position != null;
        return new ApprovalPage(out, more ? position.encode() : null);
    }

    private VerdictRequest verdictRequest(byte[] body, APIGatewayV2HTTPEvent event) {
        String caller = CallerIdentity.of(event);
        if (caller == null && settings.requireAuthenticatedApprover()) {
            throw VerdictRequest.unauthenticated();
        }
        return VerdictRequest.parse(body, caller);
    }

    /**
     * The comment as stored, answered, listed and sent to Step Functions: redacted first (issue 16), like budget
     * metadata, because every reader of the approval sees it.
     */
    private String comment(VerdictRequest request) {
        return scrubber.scrub(request.comment());
    }

    private static String requireWellFormed(String id) {
        if (!ApprovalIds.isValid(id)) {
            throw notFound();
        }
        return id;
    }

    private static StoredApproval found(String id, ApprovalStore.Outcome outcome) {
        if (!outcome.found()) {
            throw notFound();
        }
        return outcome.approval();
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("approval_not_found", "no approval with this id (ids are " + ApprovalIds.GRAMMAR + ")");
    }

    private static ProblemException notPending(StoredApproval approval) {
        return ProblemException.conflict("approval_not_pending", "the approval is " + approval.status().wireName()
            + " and can no longer be approved or denied");
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Position after the last entry returned: its score and id (ties in score are ordered by id, descending). */
    record Cursor(long score, String id) {

        boolean alreadySeen(ApprovalStore.IndexEntry entry) {
            return entry.score() > score || (entry.score() == score && entry.id().compareTo(id) >= 0);
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((score + ":" + id).getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor parse(String text) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
                int colon = decoded.indexOf(':');
                String id = decoded.substring(colon + 1);
                return colon > 0 && ApprovalIds.isValid(id) ? new Cursor(Long.parseLong(decoded.substring(0, colon)), id) : null;
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                return null;
            }
        }
    }
}
