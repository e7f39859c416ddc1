package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a command of a program the rule packs do not know as a service CLI ({@code TOOL [NOUN...] VERB [TARGET]}) or
 * an HTTP client, and names the deletion it asks for, if any: {@code @resource_delete TOOL VERB TARGET...} or
 * {@code @http_delete URL}. The packs then judge those like any command. The vocabulary is data
 * ({@code resource-deletes.yaml}, with executed examples); this class is only its grammar.
 */
public final class ResourceDeletes {

    static final String RESOURCE = "io/agentsafety/commands/resource-deletes.yaml";
    public static final String RESOURCE_DELETE = "@resource_delete";
    public static final String HTTP_DELETE = "@http_delete";

    /** HTTPie's {@code :PORT/path} (and {@code :/path}) for localhost. */
    private static final Pattern LOCALHOST_SHORTHAND = Pattern.compile(":\\d*/.*|:\\d+");

    /** A subcommand-like word: a lowercase identifier, not a path, a file name, an option or a value. */
    // pathSegments' regexes, compiled once (String.replaceFirst/split compiled them per call)
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
    private static final Pattern QUERY_OR_FRAGMENT = Pattern.compile("[?#].*$");
    private static final Pattern SLASHES = Pattern.compile("/+");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_-]*(?::[a-z][a-z0-9_-]*)*");

    /** What one command deletes: the pseudo-command and its arguments. */
    public record Deletion(String marker, List<String> args) {
    }

    record HttpClient(Set<String> methodOptions, boolean methodWord, boolean localhostShorthand) {
    }

    /** Example rows of the data file: a command and what it must yield (the marker's first arguments). */
    record Examples(List<List<String>> resourceDelete, List<List<String>> httpDelete, List<String> neither) {
    }

    private final Set<String> verbs;
    private final Set<String> compoundOnlyVerbs;
    private final Set<String> containerVerbs;
    private final Set<String> containers;
    private final Set<String> liveConfig;
    private final Set<String> logDelivery;
    private final Set<String> addressWords;
    private final Set<String> pathPrefixes;
    private final Set<String> massWords;
    private final Set<String> massFlags;
    private final Set<String> massDeleteEndpoints;
    private final Set<String> emptyingVerbs;
    private final Set<String> itemKinds;
    private final int maxWordsBeforeVerb;
    private final Set<String> localPrograms;
    private final Map<String, HttpClient> httpClients = new HashMap<>();
    private final Examples examples;

    private static final ResourceDeletes BUILT_IN = new ResourceDeletes(YamlData.resource(RESOURCE));

    public static ResourceDeletes builtIn() {
        return BUILT_IN;
    }

    ResourceDeletes(Map<String, Object> yaml) {
        Map<String, Object> root = YamlData.map(yaml, RESOURCE, Set.of("verbs", "compound_only_verbs", "container_verbs",
            "containers", "live_config", "log_delivery", "address_words", "path_prefixes", "mass_words", "mass_flags", "max_words_before_verb", "local_programs", "http_clients", "mass_delete_endpoints", "emptying_verbs", "item_kinds", "examples"));
        verbs = lower(YamlData.strings(root.get("verbs"), "verbs"));
        compoundOnlyVerbs = lower(YamlData.strings(root.get("compound_only_verbs"), "compound_only_verbs"));
        containerVerbs = lower(YamlData.strings(root.get("container_verbs"), "container_verbs"));
        containers = lower(YamlData.strings(root.get("containers"), "containers"));
        liveConfig = lower(YamlData.strings(root.get("live_config"), "live_config"));
        logDelivery = lower(YamlData.strings(root.get("log_delivery"), "log_delivery"));
        addressWords = lower(YamlData.strings(root.get("address_words"), "address_words"));
        pathPrefixes = lower(YamlData.strings(root.get("path_prefixes"), "path_prefixes"));
        massWords = lower(YamlData.strings(root.get("mass_words"), "mass_words"));
        massFlags = lower(YamlData.strings(root.get("mass_flags"), "mass_flags"));
        massDeleteEndpoints = lower(YamlData.strings(root.get("mass_delete_endpoints"), "mass_delete_endpoints"));
        emptyingVerbs = lower(YamlData.strings(root.get("emptying_verbs"), "emptying_verbs"));
        itemKinds = lower(YamlData.strings(root.get("item_kinds"), "item_kinds"));
        if (!(root.get("max_words_before_verb") instanceof Integer max) || max < 0) {
            throw new IllegalStateException(RESOURCE + ": max_words_before_verb must be a whole number");
        }
        maxWordsBeforeVerb = max;
        localPrograms = lower(YamlData.strings(root.get("local_programs"), "local_programs"));
        Map<String, Object> clients = YamlData.map(root.get("http_clients"), "http_clients", Set.of());
        clients.forEach((name, spec) -> {
            Map<String, Object> s = YamlData.map(spec, "http_clients." + name, Set.of("method_options", "method_word",
                "localhost_shorthand"));
            httpClients.put(name, new HttpClient(Set.copyOf(YamlData.strings(s.get("method_options"), name)),
                Boolean.TRUE.equals(s.get("method_word")), Boolean.TRUE.equals(s.get("localhost_shorthand"))));
        });
        Map<String, Object> ex = YamlData.map(root.get("examples"), "examples", Set.of("resource_delete", "http_delete", "neither"));
        examples = new Examples(pairs(ex.get("resource_delete"), "examples.resource_delete"),
            pairs(ex.get("http_delete"), "examples.http_delete"), YamlData.strings(ex.get("neither"), "examples.neither"));
        if (verbs.isEmpty() || examples.resourceDelete().isEmpty() || examples.httpDelete().isEmpty() || examples.neither().isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": verbs and every kind of example are required");
        }
    }

    Examples examples() {
        return examples;
    }

    /**
     * The deletion {@code name rest} asks for, or null. {@code knownToPacks}: programs the rule packs judge themselves
     * (their finer lines, such as one Kubernetes pod, stay theirs).
     */
    public Deletion read(String name, List<Arg> rest, Set<String> knownToPacks) {
        String program = name.toLowerCase(Locale.ROOT);
        HttpClient client = httpClients.get(program);
        if (client != null) {
            return httpDelete(program, client, rest);
        }
        // a name with an extension (cleanup.sh, tool.py) is a local script, not a service's CLI
        if (program.startsWith("@") || program.indexOf('.') >= 0 || localPrograms.contains(program) || knownToPacks.contains(program)) {
            return null;
        }
        List<String> words = new ArrayList<>();
        int verbAt = -1;
        String verb = null;
        for (int i = 0; i < rest.size() && words.size() <= maxWordsBeforeVerb; i++) {
            String text = rest.get(i).text();
            if (text.startsWith("-")) {
                continue; // options (and, for a program nobody described, their values are read as words: bounded by max)
            }
            String word = text.toLowerCase(Locale.ROOT);
            if (!rest.get(i).exact() || !WORD.matcher(word).matches()) {
                return null; // a path, a file or a computed word before any verb: not a subcommand chain
            }
            verb = deletingVerb(word, words.isEmpty() ? null : words.get(words.size() - 1));
            words.add(word);
            if (verb != null) {
                verbAt = i;
                break;
            }
        }
        if (verb == null) {
            return null;
        }
        // the project's line: a container of data or a whole service needs a human, one item (a customer, a row, a pod)
        // does not; the noun is the word before the verb, the compound's other half, or the word after the verb
        String trailing = trailingCompoundNoun(verb);
        String noun = trailing != null ? trailing : words.size() > 1 ? words.get(words.size() - 2) : compoundNoun(verb);
        String logs = logDeliveryWord(words);
        if (logs != null) {
            noun = logs; // TOOL logging s3 delete NAME: where the service sends its logs, whichever kind of endpoint
        }
        if (noun == null) {
            List<Arg> after = positionals(rest, verbAt + 1);
            boolean named = after.size() == 1 && after.get(0).exact() && isContainer(after.get(0).text().toLowerCase(Locale.ROOT));
            if (after.size() >= 2 || named) {
                noun = after.get(0).exact() ? after.get(0).text().toLowerCase(Locale.ROOT) : null; // TOOL delete NOUN NAME
            } else {
                // TOOL delete [NAME] with the verb first and no noun (wrangler delete my-worker, minikube delete,
                // lxc delete c1): what the tool deletes is its own principal resource, the app, VM or cluster it manages
                noun = PRINCIPAL;
            }
        }
        if (noun == null || !(noun.equals(PRINCIPAL) || isContainer(noun) || massFlag(rest, verbAt + 1))) {
            return null;
        }
        List<String> args = new ArrayList<>(List.of(program, verb));
        for (int i = verbAt + 1; i < rest.size(); i++) {
            args.add(rest.get(i).text());
        }
        return new Deletion(RESOURCE_DELETE, args);
    }

    /** A word of the chain before the verb naming where a service delivers its logs ({@code logging}), or null. */
    private String logDeliveryWord(List<String> words) {
        for (int i = 0; i < words.size() - 1; i++) {
            if (logDelivery.contains(words.get(i))) {
                return words.get(i);
            }
        }
        return null;
    }

    /** Whether an option after the verb asks for every item of the noun's kind ({@code gh cache delete --all}). */
    private boolean massFlag(List<Arg> rest, int from) {
        for (int i = from; i < rest.size(); i++) {
            if (rest.get(i).exact() && massFlags.contains(rest.get(i).text().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The noun a first-word verb with no noun of its own stands for: the tool's principal resource. */
    private static final String PRINCIPAL = "";

    /**
     * A noun naming a container of data or a whole service ({@code buckets}), or many items at once ({@code bulk});
     * of a compound noun the last part ({@code kv:bulk}).
     */
    private boolean isContainer(String noun) {
        String last = noun.substring(noun.lastIndexOf(':') + 1);
        return namesContainer(last) || massWords.contains(last) || logDelivery.contains(last);
    }

    /**
     * A container of data or a live service's configuration ({@code buckets}, {@code webhooks}), also as the last part
     * of a dashed compound ({@code message-streams}).
     */
    private boolean namesContainer(String noun) {
        if (containers.contains(noun) || liveConfig.contains(noun)) {
            return true;
        }
        int dash = noun.lastIndexOf('-');
        return dash > 0 && (containers.contains(noun.substring(dash + 1)) || liveConfig.contains(noun.substring(dash + 1)));
    }

    /** The words from {@code from} on that are not options (bounded: only whether there are none, one or more counts). */
    private static List<Arg> positionals(List<Arg> rest, int from) {
        List<Arg> out = new ArrayList<>(2);
        for (int i = from; i < rest.size() && out.size() < 2; i++) {
            if (!rest.get(i).text().startsWith("-")) {
                out.add(rest.get(i));
            }
        }
        return out;
    }

    /** Splits an identifier into lowercase words at underscores and camel-case humps: deleteIndex, drop_database. */
    private static final Pattern IDENTIFIER_WORDS = Pattern.compile("_+|(?<=[a-z0-9])(?=[A-Z])");

    /**
     * A method name that deletes a container, a whole service or everything of a kind: a deleting verb then such a noun
     * ({@code deleteIndex}, {@code drop_database}, {@code terminateInstances}, {@code destroy_all}), also run together
     * ({@code flushall}, {@code flushdb}); an emptying verb with a kind of item ({@code clearObjects}, {@code purge_messages}):
     * every item of the kind. One item ({@code deleteCustomer}, {@code delete}) and listed items ({@code deleteObjects})
     * are not.
     */
    public boolean deletesContainer(String method) {
        String[] parts = IDENTIFIER_WORDS.split(method);
        if (parts.length >= 2) {
            String verb = parts[0].toLowerCase(Locale.ROOT);
            String noun = parts[1].toLowerCase(Locale.ROOT);
            return (verbs.contains(verb) || containerVerbs.contains(verb)) && isContainer(noun)
                || emptyingVerbs.contains(verb) && itemKinds.contains(noun);
        }
        String word = method.toLowerCase(Locale.ROOT);
        for (String verb : RUN_TOGETHER_VERBS) {
            if (word.startsWith(verb) && word.length() > verb.length() && isContainer(word.substring(verb.length()))) {
                return true;
            }
        }
        return false;
    }

    /** Verbs seen run together with their noun in client libraries' lowercase names (redis flushall, flushdb). */
    private static final List<String> RUN_TOGETHER_VERBS = List.of("flush", "drop", "delete", "purge", "truncate");

    /** {@code word} as a deleting verb (given the word before it), or null. */
    private String deletingVerb(String word, String previous) {
        if (verbs.contains(word)) {
            return word;
        }
        if (containerVerbs.contains(word)) {
            return previous != null && isContainer(previous) ? word : null;
        }
        // compounds: delete-job and apps:destroy, db:drop (any verb); db:reset (a compound-only verb after a colon)
        int colon = word.lastIndexOf(':');
        if (colon > 0) {
            String last = word.substring(colon + 1);
            if (verbs.contains(last) || compoundOnlyVerbs.contains(last)) {
                return word;
            }
        }
        int dash = word.indexOf('-');
        if (dash > 0 && verbs.contains(word.substring(0, dash))) {
            return word;
        }
        // the verb last: service-instance-delete, bucket-delete
        int lastDash = word.lastIndexOf('-');
        return lastDash > 0 && verbs.contains(word.substring(lastDash + 1)) ? word : null;
    }

    /** The noun of a compound whose verb comes last: {@code service-instance-delete} → instance; null otherwise. */
    private String trailingCompoundNoun(String verb) {
        int lastDash = verb.lastIndexOf('-');
        if (lastDash <= 0 || !verbs.contains(verb.substring(lastDash + 1)) || verbs.contains(verb.substring(0, verb.indexOf('-')))) {
            return null;
        }
        String before = verb.substring(0, lastDash);
        return before.substring(before.lastIndexOf('-') + 1);
    }

    /** The noun half of a compound verb: {@code delete-project} → project, {@code db:drop} → db; null for a plain verb. */
    private static String compoundNoun(String verb) {
        int colon = verb.lastIndexOf(':');
        if (colon > 0) {
            String before = verb.substring(0, colon);
            return before.substring(before.lastIndexOf(':') + 1);
        }
        int dash = verb.indexOf('-');
        return dash > 0 ? verb.substring(dash + 1) : null;
    }

    /**
     * {@code https://host/v1/projects/p1}: the resource is one of a container collection ({@code projects}), also when
     * named by two keys ({@code /repos/OWNER/NAME}) or when it is a whole collection of one ({@code /indexes/ID/documents});
     * or
     * {@code http://host:9200/orders}: the path is one name, a top-level resource of the server (an Elasticsearch or
     * OpenSearch index, a CouchDB database, a path-style bucket), not an item. Top-level API endpoints named with a
     * leading underscore ({@code _scroll}, {@code _pit}) are not resources, except {@code _all}.
     */
    private boolean containerUrl(String url) {
        List<String> segments = pathSegments(url);
        if (segments.size() == 1) {
            String top = segments.get(0);
            return !top.startsWith("_") || top.equals("_all");
        }
        int collection = segments.size() - 2;
        if (collection >= 1 && addressWords.contains(segments.get(collection).toLowerCase(Locale.ROOT))) {
            collection--; // dashboards/uid/abc: the key's kind, then the key
        }
        // repos/OWNER/NAME: a container named by two keys; indexes/movies/documents: a whole collection inside one
        int twoUp = segments.size() - 3;
        return collection >= 0 && namesContainer(segments.get(collection).toLowerCase(Locale.ROOT))
            || twoUp >= 0 && !pathPrefixes.contains(segments.get(twoUp).toLowerCase(Locale.ROOT))
                && namesContainer(segments.get(twoUp).toLowerCase(Locale.ROOT));
    }

    /**
     * An endpoint named as a deletion of many items ({@code .../documents/delete-batch}, {@code /keys/purgeAll}): its last
     * segment is a deleting verb then a word naming many items or a container.
     */
    private boolean massDeleteEndpoint(String url) {
        List<String> segments = pathSegments(url);
        if (segments.isEmpty()) {
            return false;
        }
        String[] words = ENDPOINT_WORDS.split(segments.get(segments.size() - 1));
        if (words.length < 2 || !(verbs.contains(words[0].toLowerCase(Locale.ROOT)) || emptyingVerbs.contains(words[0].toLowerCase(Locale.ROOT)))) {
            return false;
        }
        for (int i = 1; i < words.length; i++) {
            if (isContainer(words[i].toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern ENDPOINT_WORDS = Pattern.compile("[-_.]+|(?<=[a-z0-9])(?=[A-Z])");

    /** The path of a URL (with or without a scheme) as its segments, without query and fragment. */
    private static List<String> pathSegments(String url) {
        String path = URL_SCHEME.matcher(url).replaceFirst("");
        int slash = path.indexOf('/');
        if (slash < 0) {
            return List.of();
        }
        path = QUERY_OR_FRAGMENT.matcher(path.substring(slash + 1)).replaceFirst("");
        return path.isEmpty() ? List.of() : List.of(SLASHES.split(path));
    }

    /**
     * An HTTP DELETE of a container's URL, or a request of any method to an endpoint that deletes many items at once
     * ({@code POST .../_delete_by_query}); the URL is the one the fetchers' own reading finds ({@link Downloads#urls}).
     */
    private Deletion httpDelete(String program, HttpClient client, List<Arg> rest) {
        String mutation = graphqlDeletion(rest);
        if (mutation != null) {
            return new Deletion(RESOURCE_DELETE, List.of(program, mutation));
        }
        List<Arg> args = rest;
        if (client.localhostShorthand()) {
            args = rest.stream().map(a -> a.exact() && LOCALHOST_SHORTHAND.matcher(a.text()).matches()
                ? Arg.literal("localhost" + a.text()) : a).toList();
        }
        List<String> urls = Downloads.urls(args);
        for (String url : urls) {
            if (pathSegments(url).stream().anyMatch(s -> massDeleteEndpoints.contains(s.toLowerCase(Locale.ROOT)))) {
                return new Deletion(HTTP_DELETE, List.of(url));
            }
        }
        String method = asksMethod(client, rest);
        if (method == null) {
            return null;
        }
        for (String url : urls) {
            if (method.equals("DELETE") && containerUrl(url) || massDeleteEndpoint(url)) {
                return new Deletion(HTTP_DELETE, List.of(url));
            }
        }
        return null;
    }

    /** A GraphQL mutation in a request's body (JSON's "query", HTTPie's query=, a raw body): the operation keyword. */
    private static final Pattern GRAPHQL_MUTATION = Pattern.compile("\\bmutation\\b[^{]{0,200}\\{");
    /** A field called with arguments: {@code deleteProject(id: 7)}; the arguments without nested parentheses. */
    private static final Pattern GRAPHQL_CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\(([^()]*)\\)");
    /** An empty filter, which selects every row: Hasura's and PostGraphile's {@code where: {}}. */
    private static final Pattern EMPTY_FILTER = Pattern.compile("\\bwhere\\s*:\\s*\\{\\s*\\}");

    /**
     * The field of a GraphQL mutation that deletes a container, a whole service or every row of a kind, or null: a
     * mutation is an API call like a client library's method, named verb first ({@code deleteProject},
     * {@code drop_database}) or noun first ({@code dashboardDelete}, {@code alertsPolicyDelete}); a deleting field
     * with an empty filter ({@code delete_orders(where: {})}) deletes every row. One item ({@code deleteComment(id: 7)},
     * {@code delete_orders(where: {id: {_eq: 3}})}) is not.
     */
    private String graphqlDeletion(List<Arg> rest) {
        for (Arg arg : rest) {
            String text = arg.text();
            if (text.indexOf("mutation") < 0) {
                continue;
            }
            Matcher operation = GRAPHQL_MUTATION.matcher(text);
            if (!operation.find()) {
                continue;
            }
            Matcher call = GRAPHQL_CALL.matcher(text);
            call.region(operation.end(), text.length());
            while (call.find()) {
                String field = call.group(1);
                String[] parts = IDENTIFIER_WORDS.split(field);
                String first = parts[0].toLowerCase(Locale.ROOT);
                boolean deleting = verbs.contains(first) || emptyingVerbs.contains(first);
                if (deletesContainer(field) || nounThenVerb(parts) || deleting && EMPTY_FILTER.matcher(call.group(2)).find()) {
                    return field;
                }
            }
        }
        return null;
    }

    /** {@code dashboardDelete}, {@code alertsPolicyDelete}: the last word a deleting verb, the word before it a container. */
    private boolean nounThenVerb(String[] parts) {
        return parts.length >= 2 && verbs.contains(parts[parts.length - 1].toLowerCase(Locale.ROOT))
            && isContainer(parts[parts.length - 2].toLowerCase(Locale.ROOT));
    }

    /**
     * DELETE or POST, asked for by {@code -X DELETE}, {@code -XPOST}, {@code --request=DELETE}, or as the first word
     * ({@code http DELETE URL}); null for any other method or none.
     */
    private static String asksMethod(HttpClient client, List<Arg> rest) {
        boolean firstWord = true;
        for (int i = 0; i < rest.size(); i++) {
            String text = rest.get(i).text();
            for (String option : client.methodOptions()) {
                String value = text.equals(option) && i + 1 < rest.size() ? rest.get(i + 1).text()
                    : text.startsWith(option + "=") ? text.substring(option.length() + 1)
                    : option.length() == 2 && text.startsWith(option) && text.length() > 2 ? text.substring(2) : null;
                if ("DELETE".equalsIgnoreCase(value) || "POST".equalsIgnoreCase(value)) {
                    return value.toUpperCase(Locale.ROOT);
                }
            }
            if (!text.startsWith("-")) {
                if (firstWord && client.methodWord() && (text.equalsIgnoreCase("DELETE") || text.equalsIgnoreCase("POST"))) {
                    return text.toUpperCase(Locale.ROOT);
                }
                firstWord = false;
            }
        }
        return null;
    }

    private static List<List<String>> pairs(Object value, String where) {
        List<List<String>> out = new ArrayList<>();
        for (Object row : YamlData.list(value, where)) {
            List<String> pair = YamlData.strings(row, where);
            if (pair.size() != 2) {
                throw new IllegalStateException(where + ": each example is [command, expected]");
            }
            out.add(pair);
        }
        return out;
    }

    private static Set<String> lower(List<String> values) {
        Set<String> out = new HashSet<>();
        values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
        return Set.copyOf(out);
    }
}
