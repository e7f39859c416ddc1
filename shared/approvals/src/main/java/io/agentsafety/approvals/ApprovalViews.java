package io.agentsafety.approvals;

import io.agentsafety.policy.Decision;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Turns stored records into the public {@link Approval} (no task token) and the JSON the service sends out. */
@Singleton
public class ApprovalViews {

    private static final Argument<Map<String, String>> VOTE = Argument.mapOf(String.class, String.class);

    private final JsonMapper json;

    public ApprovalViews(JsonMapper json) {
        this.json = json;
    }

    public Approval view(StoredApproval stored) {
        Map<String, String> f = stored.fields();
        try {
            List<Decision.MatchedRule> rules = json.readValue(f.get("rules"), Argument.listOf(Decision.MatchedRule.class));
            List<Approval.Vote> votes = json.readValue(f.get("approvals"), Argument.listOf(VOTE)).stream().map(ApprovalViews::vote).toList();
            Approval.Vote denial = f.get("denial") == null ? null : vote(json.readValue(f.get("denial"), VOTE));
            return new Approval(stored.id(), f.get("status"), f.get("action_type"), json.readValue(f.get("action"), JsonNode.class),
                f.get("action_sha256"), f.get("run_id"), f.get("actor"), f.get("decision_id"), f.get("reason"), f.get("risk_level"),
                rules, Integer.parseInt(f.get("required")), votes, denial, iso(f.get("created_ms")), iso(f.get("expires_ms")),
                iso(f.get("decided_ms")), iso(f.get("expired_ms")), iso(f.get("used_ms")), Integer.parseInt(f.getOrDefault("uses", "0")),
                "1".equals(f.get("single_use")), stored.taskToken() != null, f.get("callback") == null || "none".equals(f.get("callback"))
                    ? null : f.get("callback"));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable approval record", e);
        }
    }

    public String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Approval.Vote vote(Map<String, String> raw) {
        return new Approval.Vote(raw.get("approver"), raw.get("comment"), iso(raw.get("at_ms")));
    }

    static String iso(String millis) {
        return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis)).toString();
    }
}
