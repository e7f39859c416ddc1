package io.agentsafety.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Arrays;
import java.util.Locale;

/** How bad the outcome would be if the action went wrong, ordered from least to most severe. On the wire: its {@link #wireName()}. */
@Serdeable
@Schema(type = "string", types = "string", allowableValues = {"low", "medium", "high", "critical"})
public enum RiskLevel {
    LOW, MEDIUM, HIGH, CRITICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The risk level of a wire name ({@code high}). */
    @JsonCreator
    public static RiskLevel fromWire(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(wireName)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a risk level"));
    }

    public RiskLevel highest(RiskLevel other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
