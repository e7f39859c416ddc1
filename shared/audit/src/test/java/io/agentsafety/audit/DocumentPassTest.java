package io.agentsafety.audit;

import io.agentsafety.redaction.Redactor;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why {@link RedisAuditLog} keeps its whole-document pass (infra/local BENCHMARK.md, chk12): a pass over each value, and
 * even over each {@code "key":value} pair on its own (key-aware), misses secrets that a detector recognises only from
 * another pair of the same document: a JSON Web Key's private member ({@code "d"}) needs {@code "kty"} somewhere in the
 * text, a Kubernetes Secret's {@code "data"} values need {@code "kind":"Secret"}. For such entries the per-value output
 * still holds the secret, every pair alone redacts to itself, and only the document pass removes it: the two passes are
 * not the same, so no entry shape whose maps a caller fills can drop the second one. Values are random (seeded), not
 * taken from the detectors' examples.
 */
class DocumentPassTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int ENTRIES = 200;

    /** A JWK with its private scalar: the detector needs {@code "kty"}, which sits in another pair. */
    private static Map<String, Object> jwk(Random random) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "EC");
        key.put("crv", "P-256");
        key.put("d", random(random, 43, B64URL));
        return key;
    }

    /** A Kubernetes Secret: its data values are secrets only because {@code "kind":"Secret"} is in the same text. */
    private static Map<String, Object> kubernetesSecret(Random random) {
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("data", Map.of("username", random(random, 12, B64) + "=="));
        return secret;
    }

    @Test
    void aJwksPrivateMemberIsFoundOnlyByTheDocumentPass() throws IOException {
        differential(DocumentPassTest::jwk, "d", 20261208L);
    }

    @Test
    void aKubernetesSecretsDataIsFoundOnlyByTheDocumentPass() throws IOException {
        differential(DocumentPassTest::kubernetesSecret, "username", 20261209L);
    }

    /**
     * For {@link #ENTRIES} entries carrying {@code body} as a /check action's params: the per-value pass keeps the secret,
     * no key-aware pair (at any depth, in the stored text's own JSON form) shows it, the document pass removes it.
     */
    private static void differential(Function<Random, Map<String, Object>> body, String secretKey, long seed) throws IOException {
        Random random = new Random(seed);
        AuditValues values = new AuditValues(REDACTOR);
        for (int i = 0; i < ENTRIES; i++) {
            Map<String, Object> params = body.apply(random);
            String secret = secretValue(params, secretKey);
            AuditEntry entry = AuditEntry.of(AuditType.POLICY_DECISION).decisionId("dec_" + i).runId("run-" + i)
                .actor("agent-" + i).verdict("allow").rules(List.of())
                .params(Map.of("action_type", "http_request", "params", Map.of("method", "POST", "body", params)))
                .detail(Map.of("risk_level", "low", "reason", "no rule matched")).build();
            Map<String, Object> cleaned = values.clean(entry.toJson());
            String document = JSON.writeValueAsString(cleaned);
            assertTrue(document.contains(secret), "entry " + i + ": the per-value pass alone does not keep the secret");
            List<String> pairs = new ArrayList<>();
            collectPairs(cleaned, pairs);
            assertTrue(pairs.size() >= 12, "the entry's pairs are all checked");
            for (String pair : pairs) {
                assertEquals(pair, REDACTOR.redactToString(pair), "entry " + i + ": a pair on its own shows the secret");
            }
            String object = JSON.writeValueAsString(values.clean(params));
            assertFalse(REDACTOR.redactToString(object).contains(secret), "entry " + i + ": the enclosing object shows it");
            String stored = REDACTOR.redactToString(document);
            assertFalse(stored.contains(secret), "entry " + i + ": the document pass does not remove the secret");
            assertTrue(stored.contains("[REDACTED:"), "entry " + i);
        }
    }

    /**
     * Every {@code "key":value} pair of every map whose value is not itself a map (a string, number, list...), each
     * serialised as the document serialises it: the key-aware unit. A pair whose value is a map is the whole subtree.
     */
    private static void collectPairs(Object value, List<String> pairs) throws IOException {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?>)) {
                    pairs.add(JSON.writeValueAsString(String.valueOf(e.getKey())) + ":" + JSON.writeValueAsString(e.getValue()));
                }
                collectPairs(e.getValue(), pairs);
            }
        } else if (value instanceof List<?> items) {
            for (Object item : items) {
                collectPairs(item, pairs);
            }
        }
    }

    private static String secretValue(Map<String, Object> params, String key) {
        Object value = params.containsKey(key) ? params.get(key) : ((Map<?, ?>) params.get("data")).get(key);
        return String.valueOf(value);
    }

    private static String random(Random random, int length, String alphabet) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
