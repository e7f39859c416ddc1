package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs the resource of a Task state (a Lambda function locally) with its effective parameters. */
@FunctionalInterface
public interface TaskInvoker {

    /**
     * @param resource   the state's {@code Resource} after definition substitutions
     * @param parameters the state's effective input (after InputPath and Parameters)
     * @return the task's result (for {@code .waitForTaskToken} resources it is ignored: the result comes through
     *         {@link TaskTokens})
     * @throws StatesError with the error name a Retry/Catch can match (a function's errorType, Lambda.*)
     */
    JsonNode invoke(String resource, JsonNode parameters) throws StatesError;
}
