package io.agentsafety.policy.action;

import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RuleMatch;

import java.util.List;
import java.util.Set;

/**
 * Evaluates the {@code params} of one action type. Invalid params are reported into the
 * {@link JsonFields} (they become a 400 naming the field); what the policy finds is returned as rule
 * matches. An empty list means no rule objects.
 */
public interface ActionEvaluator {

    ActionType type();

    /** The params this action understands; any other field is a 400 (typos must not pass silently). */
    Set<String> knownParams();

    List<RuleMatch> evaluate(JsonFields params);
}
