package io.agentsafety.redaction;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The word lists of the key-name checks ({@link ValueChecks}), kept as data with executed examples in
 * {@value #RESOURCE} like the detector table, so that tuning which key names count as credentials is a reviewed data
 * change. Read once; a missing or malformed list fails loudly at class initialisation (no silently empty list that
 * would turn every key into a credential's label or none).
 */
final class ValueWords {

    static final String RESOURCE = "/io/agentsafety/redaction/value-words.yaml";

    private static final Map<String, Object> ROOT = load();
    private static final Map<String, Object> WORDS = section("words");

    /** As the last word of a key: metadata about a secret (its name, length, TTL...), not the secret. */
    static final Set<String> DENIED_LAST = words("denied_last");
    /** Anywhere in a key: the value is not a credential. */
    static final Set<String> DENIED_ANY = words("denied_any");
    /** Words that name a credential by themselves. */
    static final Set<String> SENSITIVE = words("sensitive");
    /** Words that name a password. */
    static final Set<String> PASSWORD = words("password");
    /** "key" after one of these names a credential. */
    static final Set<String> KEY_QUALIFIERS = words("key_qualifiers");
    /** "key" after one of these names a lookup or data key. */
    static final Set<String> DATA_KEY_QUALIFIERS = words("data_key_qualifiers");
    /** "token" after one of these names a per-request form nonce (CSRF), not a credential. */
    static final Set<String> NONCE_QUALIFIERS = words("nonce_qualifiers");
    /** A word of a table's name that says its rows hold credentials (users, api_keys, oauth_tokens). */
    static final Set<String> CREDENTIAL_TABLES = words("credential_tables");

    private ValueWords() {
    }

    /** The examples per check name: {@code true} → keys the check must accept, {@code false} → keys it must not. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<Boolean, List<String>>> examples() {
        Map<String, Map<Boolean, List<String>>> out = new LinkedHashMap<>();
        section("examples").forEach((check, cases) -> {
            Map<Boolean, List<String>> byExpectation = new LinkedHashMap<>();
            ((Map<String, Object>) cases).forEach((expected, keys) ->
                byExpectation.put(Boolean.parseBoolean(expected), ((List<Object>) keys).stream().map(String::valueOf).toList()));
            out.put(check, byExpectation);
        });
        return out;
    }

    private static Map<String, Object> load() {
        try (InputStream in = ValueWords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            // the table's reader (PlainYaml, SnakeYAML only for what it does not model): no YAML library to load at start
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) DetectorTable.read(in);
            if (root == null) {
                throw new IllegalStateException(RESOURCE + " is empty");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(String name) {
        if (!(ROOT.get(name) instanceof Map<?, ?> map)) {
            throw new IllegalStateException(RESOURCE + ": '" + name + "' must be a map");
        }
        return (Map<String, Object>) map;
    }

    private static Set<String> words(String name) {
        if (!(WORDS.get(name) instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": words." + name + " must be a non-empty list");
        }
        for (Object word : list) {
            // a YAML 1.1 scalar such as on/off/yes/no would arrive as a Boolean: every word must be a lower-case string
            if (!(word instanceof String s) || !s.equals(s.toLowerCase(Locale.ROOT)) || s.isBlank()) {
                throw new IllegalStateException(RESOURCE + ": words." + name + " holds '" + word
                    + "', not a lower-case word (quote on/off/yes/no)");
            }
        }
        return Set.copyOf(list.stream().map(String.class::cast).toList());
    }
}
