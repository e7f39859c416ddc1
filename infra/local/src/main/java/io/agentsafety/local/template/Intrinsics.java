package io.agentsafety.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions the way they would resolve in a local stack:
 * {@code Ref} to a parameter gives its value (the template Default), to a resource its logical id, to a pseudo
 * parameter a local stand-in ({@code AWS::Region} = $AWS_REGION or us-east-1); {@code Fn::GetAtt} gives
 * {@code Resource.Attribute}; {@code Fn::Sub}, {@code Join}, {@code Select}, {@code Split}, {@code If} with
 * {@code Conditions}, {@code Equals}/{@code Not}/{@code And}/{@code Or}, {@code FindInMap} and {@code Base64}
 * are computed. {@code Fn::ImportValue} (another stack) resolves to an empty string.
 */
public final class Intrinsics {

    /** {@code Ref: AWS::NoValue}: the enclosing key is removed. */
    public static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> parameters;
    private final Set<String> resources;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final String region;

    public Intrinsics(Map<String, Object> parameters, Set<String> resources, Map<String, Object> conditions,
                      Map<String, Object> mappings, String region) {
        this.parameters = parameters;
        this.resources = resources;
        this.conditions = conditions;
        this.mappings = mappings;
        this.region = region;
    }

    /** Resolves every intrinsic in a YAML tree. */
    @SuppressWarnings("unchecked")
    public Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") && !(map.get(key) instanceof Map)) {
                    return function(key, map.get(key));
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object v = resolve(entry.getValue());
                if (v != NO_VALUE) {
                    resolved.put(String.valueOf(entry.getKey()), v);
                }
            }
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Object v = resolve(item);
                if (v != NO_VALUE) {
                    resolved.add(v);
                }
            }
            return resolved;
        }
        return value;
    }

    public String resolveString(Object value) {
        Object resolved = resolve(value);
        if (resolved == null || resolved == NO_VALUE) {
            return "";
        }
        if (resolved instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(resolved);
    }

    public boolean condition(String name) {
        Object definition = conditions.get(name);
        if (definition == null) {
            throw new TemplateException("unknown condition " + name);
        }
        return truth(resolve(definition));
    }

    /** True when the raw (unresolved) value takes its content from a template Parameter. */
    public boolean referencesParameter(Object raw) {
        if (raw instanceof Map<?, ?> map) {
            if (map.get("Ref") instanceof String ref && parameters.containsKey(ref)) {
                return true;
            }
            if (map.get("Fn::Sub") != null) {
                Object template = map.get("Fn::Sub") instanceof List<?> l && !l.isEmpty() ? l.get(0) : map.get("Fn::Sub");
                Matcher m = SUB_VARIABLE.matcher(String.valueOf(template));
                while (m.find()) {
                    if (parameters.containsKey(m.group(1))) {
                        return true;
                    }
                }
            }
            return map.values().stream().anyMatch(this::referencesParameter);
        }
        return raw instanceof List<?> list && list.stream().anyMatch(this::referencesParameter);
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref(String.valueOf(argument));
            case "Condition" -> condition(String.valueOf(argument));
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                List<?> args = list(name, argument, 2);
                List<?> items = (List<?>) asList(resolve(args.get(1)));
                yield String.join(resolveString(args.get(0)), items.stream().map(String::valueOf).toList());
            }
            case "Fn::Select" -> {
                List<?> args = list(name, argument, 2);
                List<?> items = asList(resolve(args.get(1)));
                int index = Integer.parseInt(resolveString(args.get(0)));
                if (index < 0 || index >= items.size()) {
                    throw new TemplateException("Fn::Select index " + index + " out of range");
                }
                yield items.get(index);
            }
            case "Fn::Split" -> {
                List<?> args = list(name, argument, 2);
                yield List.of(resolveString(args.get(1)).split(Pattern.quote(resolveString(args.get(0))), -1));
            }
            case "Fn::If" -> {
                List<?> args = list(name, argument, 3);
                yield resolve(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
            }
            case "Fn::Equals" -> {
                List<?> args = list(name, argument, 2);
                yield resolveString(args.get(0)).equals(resolveString(args.get(1)));
            }
            case "Fn::Not" -> !truth(resolve(list(name, argument, 1).get(0)));
            case "Fn::And" -> list(name, argument, 1).stream().allMatch(a -> truth(resolve(a)));
            case "Fn::Or" -> list(name, argument, 1).stream().anyMatch(a -> truth(resolve(a)));
            case "Fn::FindInMap" -> findInMap(list(name, argument, 3));
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(resolveString(argument).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs" -> List.of(region + "a", region + "b", region + "c");
            case "Fn::ImportValue" -> "";
            default -> throw new TemplateException("unsupported intrinsic function " + name);
        };
    }

    private Object ref(String name) {
        return switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> "123456789012";
            case "AWS::StackName" -> "local";
            case "AWS::StackId" -> "arn:aws:cloudformation:" + region + ":123456789012:stack/local/local";
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::NoValue" -> NO_VALUE;
            case "AWS::NotificationARNs" -> List.of();
            default -> {
                if (parameters.containsKey(name)) {
                    yield parameters.get(name);
                }
                if (resources.contains(name)) {
                    yield name;
                }
                // SAM's AutoPublishAlias: "Fn.Alias" is the alias of Fn (its ARN in AWS); locally it names Fn
                if (name.endsWith(".Alias") && resources.contains(name.substring(0, name.length() - ".Alias".length()))) {
                    yield name;
                }
                throw new TemplateException("Ref to unknown parameter or resource " + name);
            }
        };
    }

    private Object getAtt(Object argument) {
        List<?> args = list("Fn::GetAtt", argument, 2);
        String resource = resolveString(args.get(0));
        if (!resources.contains(resource)) {
            throw new TemplateException("Fn::GetAtt of unknown resource " + resource);
        }
        return resource + "." + resolveString(args.get(1));
    }

    private String sub(Object argument) {
        String template;
        Map<?, ?> variables = Map.of();
        if (argument instanceof List<?> args) {
            template = String.valueOf(args.get(0));
            variables = args.size() > 1 && args.get(1) instanceof Map<?, ?> m ? m : Map.of();
        } else {
            template = String.valueOf(argument);
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}"; // ${!Literal} stays literal
            } else if (variables.containsKey(variable)) {
                replacement = resolveString(variables.get(variable));
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                replacement = String.valueOf(getAtt(List.of(variable.substring(0, variable.indexOf('.')), variable.substring(variable.indexOf('.') + 1))));
            } else {
                Object value = ref(variable);
                replacement = value == NO_VALUE ? "" : value instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Object findInMap(List<?> args) {
        Object map = mappings.get(resolveString(args.get(0)));
        for (int i = 1; i < 3 && map instanceof Map<?, ?> level; i++) {
            map = level.get(resolveString(args.get(i)));
        }
        if (map == null) {
            throw new TemplateException("Fn::FindInMap found no value for " + args);
        }
        return resolve(map);
    }

    private static boolean truth(Object value) {
        return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
    }

    private static List<?> asList(Object value) {
        return value instanceof List<?> l ? l : List.of(String.valueOf(value).split(",", -1));
    }

    private static List<?> list(String function, Object argument, int minimum) {
        if (!(argument instanceof List<?> args) || args.size() < minimum) {
            throw new TemplateException(function + " needs a list of at least " + minimum + " arguments");
        }
        return args;
    }
}
