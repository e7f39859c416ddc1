package io.agentsafety.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Arrays;
import java.util.Locale;

/** What the gate says about an action, ordered from least to most restrictive. On the wire: its {@link #wireName()}. */
@Serdeable
@Schema(type = "string", types = "string", allowableValues = {"allow", "require_approval", "deny"})
public enum Verdict {
    ALLOW, REQUIRE_APPROVAL, DENY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verdict of a wire name ({@code require_approval}); stored approvals carry their rules' verdicts so. */
    @JsonCreator
    public static Verdict fromWire(String wireName) {
        return Arrays.stream(values()).filter(v -> v.wireName().equals(wireName)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a verdict"));
    }

    /** The more restrictive of the two: combining findings can only tighten a decision. */
    public Verdict strictest(Verdict other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
