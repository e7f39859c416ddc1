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

    /** As {@link #matches}, for a subject whose name is one of the rule's exact command names (found by name). */
    boolean matchesNamed(Subject subject) {
        return condition.matches(subject, true);
    }

    public List<String> commands() {
        return condition.commands();
    }
}
