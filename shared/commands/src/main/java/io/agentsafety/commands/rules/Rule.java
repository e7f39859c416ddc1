package io.agentsafety.commands.rules;

import io.agentsafety.commands.CommandVerdict;
import io.agentsafety.commands.Severity;

import java.util.List;

/** A rule from a pack: identity, verdict, its structured match, and inline examples that must hold. */
public record Rule(String id, String description, Severity severity, CommandVerdict verdict, String pack, Condition condition,
                   List<String> matchExamples, List<String> notMatchExamples) {

    boolean matches(Subject subject) {
        return condition.matches(subject);
    }

    public List<String> commands() {
        return condition.commands();
    }
}
