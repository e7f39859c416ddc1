package io.agentsafety.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An {@code AWS::Serverless::StateMachine} of the template: its ASL definition (from {@code DefinitionUri}, a path
 * relative to the template, or an inline {@code Definition} rendered as JSON) and its
 * {@code DefinitionSubstitutions} with intrinsics resolved (a {@code !GetAtt Fn.Arn} locally reads {@code Fn.Arn}).
 */
public record StateMachineDef(String logicalId, Path definitionFile, String inlineDefinition, Map<String, String> substitutions) {

    /** The definition JSON with every {@code ${Name}} of the substitutions replaced, as SAM does at deploy time. */
    public String definition() throws IOException {
        String text = definitionFile != null ? Files.readString(definitionFile) : inlineDefinition;
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            text = text.replace("${" + s.getKey() + "}", s.getValue());
        }
        return text;
    }
}
