package io.agentsafety.local.template;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.List;
import java.util.Map;

/**
 * Reads CloudFormation/SAM YAML. The short-form intrinsic tags ({@code !Ref X}, {@code !Sub '...'},
 * {@code !GetAtt R.Arn}, {@code !If [...]}...) are turned into their long JSON form ({@code {"Ref": "X"}},
 * {@code {"Fn::Sub": "..."}}, {@code {"Fn::GetAtt": ["R", "Arn"]}}) so one resolver handles both spellings.
 * Safe construction only (no arbitrary types); duplicate keys are an error, as in CloudFormation.
 */
public final class SamYaml {

    private static final List<String> FUNCTIONS = List.of("Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals", "Not",
        "And", "Or", "ImportValue", "FindInMap", "Base64", "GetAZs", "Cidr", "Transform");

    private SamYaml() {
    }

    public static Object load(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new IntrinsicConstructor(options)).load(yaml);
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {

            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is the short spelling of ["Resource", "Attribute"]
                    value = key.equals("Fn::GetAtt") && text.contains(".")
                        ? List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1))
                        : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
