package io.agentsafety.commands;

/** A loaded rule as shown to operators (GET /policy). */
public record RuleDescription(String id, String description, String severity, String verdict, boolean enabled,
                              String pack) {
}
