package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Set;

/**
 * Task states backed by the template's functions, as Step Functions runs them: the optimized integration
 * {@code arn:aws:states:::lambda:invoke[.waitForTaskToken]} ({@code FunctionName} + {@code Payload}; result
 * {@code {"Payload", "StatusCode", "ExecutedVersion"}}) and a function ARN as {@code Resource} (result = the
 * function's output). A function error fails the task with the function's {@code errorType} as the error name and
 * its error document as the cause; a runner failure is {@code Lambda.ServiceException}.
 */
public final class LambdaTasks implements TaskInvoker {

    /** Invokes a function by logical id: the local runner's own invoke. */
    @FunctionalInterface
    public interface FunctionInvoker {
        /** @return the function's output, or its Lambda error document when {@code error[0]} is set to true */
        byte[] invoke(String logicalId, byte[] payload, boolean[] error) throws Exception;
    }

    private static final String INVOKE = "arn:aws:states:::lambda:invoke";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> functions;
    private final FunctionInvoker invoker;

    public LambdaTasks(Set<String> functions, FunctionInvoker invoker) {
        this.functions = functions;
        this.invoker = invoker;
    }

    @Override
    public JsonNode invoke(String resource, JsonNode parameters) throws StatesError {
        if (resource.equals(INVOKE) || resource.equals(INVOKE + ".waitForTaskToken")) {
            JsonNode name = parameters.get("FunctionName");
            if (name == null || !name.isTextual()) {
                throw StatesError.runtime("lambda:invoke needs Parameters.FunctionName");
            }
            JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : JsonNodeFactory.instance.objectNode();
            JsonNode output = call(logicalId(name.asText()), payload);
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("ExecutedVersion", "$LATEST").put("StatusCode", 200).set("Payload", output);
            return result;
        }
        if (resource.startsWith("arn:aws:lambda:") || functions.contains(logicalId(resource))) {
            return call(logicalId(resource), parameters);
        }
        throw StatesError.runtime("resource " + resource + " is not supported by the local runner (Lambda only)");
    }

    private JsonNode call(String logicalId, JsonNode payload) throws StatesError {
        if (!functions.contains(logicalId)) {
            throw new StatesError("Lambda.ResourceNotFoundException", "no function " + logicalId + " in the template");
        }
        boolean[] error = {false};
        byte[] out;
        try {
            out = invoker.invoke(logicalId, JSON.writeValueAsBytes(payload), error);
        } catch (Exception e) {
            throw new StatesError("Lambda.ServiceException", "the local runner could not invoke " + logicalId + ": " + e.getMessage());
        }
        JsonNode node;
        try {
            node = out == null || out.length == 0 ? JsonNodeFactory.instance.nullNode() : JSON.readTree(out);
        } catch (IOException e) {
            throw new StatesError("Lambda.ServiceException", logicalId + " returned invalid JSON");
        }
        if (error[0]) {
            String type = node.path("errorType").asText("");
            throw new StatesError(type.isEmpty() ? "Lambda.Unknown" : type, node.toString());
        }
        return node;
    }

    /** {@code arn:aws:lambda:…:function:Name[:alias]}, {@code Name.Arn} (a local GetAtt), {@code Name.Alias} (a local Ref to the AutoPublishAlias) or the logical id itself. */
    static String logicalId(String reference) {
        String name = reference;
        int function = name.indexOf(":function:");
        if (function >= 0) {
            name = name.substring(function + ":function:".length());
            int qualifier = name.indexOf(':');
            if (qualifier >= 0) {
                name = name.substring(0, qualifier);
            }
        }
        if (name.endsWith(".Arn")) {
            name = name.substring(0, name.length() - 4);
        } else if (name.endsWith(".Alias")) {
            name = name.substring(0, name.length() - ".Alias".length());
        }
        return name;
    }
}
