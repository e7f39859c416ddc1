package io.agentsafety.policy.action;

import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RuleMatch;

import java.util.List;

/**
 * Evaluates one type of typed action ({@link ActionBinding} made it from the request, or a caller built it): what the
 * policy finds is returned as rule matches, an empty list meaning no rule objects. Evaluation never refuses its input
 * (no 400): the action's record already holds every rule of its shape.
 */
public interface ActionEvaluator<A extends PolicyAction> {

    ActionType type();

    List<RuleMatch> evaluate(A action);
}
