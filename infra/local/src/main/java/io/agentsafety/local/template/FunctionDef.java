package io.agentsafety.local.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code AWS::Serverless::Function} after Globals are merged and intrinsics resolved.
 *
 * @param codeUri            the deployable artifact: a jar, or a directory of classes with an optional lib/
 * @param environment        Globals.Function.Environment overlaid with the function's own, resolved
 * @param parameterBound     the variables whose template value comes from a template Parameter (deploy-time
 *                           configuration, so the runner lets the shell environment override them)
 */
public record FunctionDef(String logicalId, Path codeUri, String handler, String runtime, int memoryMb, int timeoutSeconds,
                          Map<String, String> environment, Set<String> parameterBound, List<Route> routes) {
}
