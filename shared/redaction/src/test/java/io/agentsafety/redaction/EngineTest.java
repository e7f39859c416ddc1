package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Engine behaviour: automaton, merging, offsets, no secret in toString, own format/context cases. */
class EngineTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    @Test
    void automatonFindsOverlappingKeywordsCaseInsensitively() {
        KeywordAutomaton ac = KeywordAutomaton.build(List.of("he", "she", "his", "hers", "é"), true);
        List<String> hits = new ArrayList<>();
        String text = "uSHErs é";
        ac.scan(text, 0, text.length(), (p, s, e) -> hits.add(p + "@" + s + "-" + e));
        assertEquals(List.of("1@1-4", "0@2-4", "3@2-6", "4@7-8"), hits);
    }

    @Test
    void overlappingFindingsMergeAndOffsetsAreInTheOriginalText() {
        List<Finding> merged = Redactor.merge(new ArrayList<>(List.of(
            new Finding("a", 10, 20, "x"), new Finding("b", 15, 30, "y"), new Finding("c", 40, 45, "z"))));
        assertEquals(List.of(new Finding("a", 10, 30, "x"), new Finding("c", 40, 45, "z")), merged);
        String token = "glpat-" + "Hq7Zt2Lm9Xc4Vb8Nw3Rk";
        String text = "é€ token " + token + " end";
        RedactionResult r = REDACTOR.redact(text);
        Finding f = r.findings().get(0);
        assertEquals(token, text.substring(f.start(), f.end()));
        assertFalse(r.toString().contains(token));
        assertFalse(f.toString().contains(token));
    }

    /** Own cases in formats and contexts beyond the sample corpus: each marked secret must go. */
    @Test
    void formatsAndContextsOfOurOwn() {
        String[][] cases = {
            {"<add key=\"StorageKey\" value=\"", "Zk29Qm8xVt3Lp7Ws1Rn6Yb4Hc0Jd5Fg2Ae9Ku3Mq=", "\"/>"},
            {"[database]\npassword = \"", "Tr0ub4dor&3-horse", "\"\n"},
            {"$ PGPASSWORD=", "hT9#kLm2$Qw", " psql -h db -U app\n"},
            {"git clone https://oauth2:", "glpat-" + "Qw8Er4Ty6Ui2Op0As3Df", "@gitlab.example.com/g/p.git\n"},
            {"headers: {\"X-API-Key\": \"", "a7F3kQ9zL2mX8vB4nR6tY1wC5eH0jU3d", "\"}\n"},
            {"spring.mail.password=", "Mx7!kP2qRz9w", "\n"},
            {"jdbc:mysql://db:3306/app?user=app&password=", "Vq3Lm8Tz1Kx6", "&useSSL=true\n"},
            {"- name: SLACK_WEBHOOK\n  value: https://hooks.slack.com/services/", "T0A1B2C3D4/B0E1F2G3H4/Xy7Zq8Wv9Ut1Sr2Qp3On4Ml5", "\n"},
            {"docker login -u bot -p ", "dckr_pat_" + "Xq7Lm2Zt9Kv4Pw1Rs6Tn8Yb3Hc", " registry.example.org\n"},
            {"CLIENT_SECRET = '", "abc8Q~" + "Kd7Lm2Zt9Kv4Pw1Rs6Tn8Yb3Hc0Jd5Fg2A", "'\n"},
            {"Server=tcp:db,1433;Database=app;User Id=sa;Password=", "Str0ng!Passw0rd", ";Encrypt=true\n"},
            {"$env:OPENAI_API_KEY = \"", "sk-proj-" + "Ab3dEf6hIj9lMn2pQr5tUv8xYz1BcD4fGh7jKl0nOp3rSt6vWx9zAb2cDe5gHi8kLm", "\"\n"},
            {"set \"DB_PASS=", "Qz8!mK2pLw9", "\"\r\n"},
            {"JAVA_OPTS=-Djavax.net.ssl.trustStorePassword=", "Tr8stM3pls7", " -Xmx1g\n"},
            {"requests.post(url, auth=(\"api\", \"", "Yx7#Lm2Qp9Zt", "\"))\n"},
            {"curl -H 'Authorization: token ", "ghp_" + "Zm8Qk2Lx7Vt4Nw9Rp3Ys6Hc1Jd5Fg0Ae2Ku", "' https://api.github.com/user\n"},
            {"token := \"", "xoxp-1234567890-1234567890123-1234567890123-" + "0a1b2c3d4e5f67890a1b2c3d4e5f6789", "\"\n"},
        };
        for (String[] c : cases) {
            String text = c[0] + c[1] + c[2];
            String out = REDACTOR.redact(text).redacted();
            assertFalse(out.contains(c[1]), "survived: " + out);
            assertTrue(out.startsWith(c[0].substring(0, Math.min(4, c[0].length()))), out);
        }
    }

    /** Own negatives: ordinary text that must pass untouched. */
    @Test
    void ordinaryTextIsKept() {
        String[] keep = {
            "password_reset_url=https://example.org/reset?step=1",
            "secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf",
            "max_tokens: 4096\ntemperature: 0.2",
            "integrity sha512-Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==",
            "the auth service returned 401; token expired at 12:00",
            "key: value\nkeys: [a, b, c]",
            "commit 4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 (HEAD -> main)",
            "api_key: ${OPENAI_API_KEY}",
            "Authorization: Bearer <token>",
            "password: \"{{ .Values.db.password }}\"",
            "secret_santa = \"Alice\"",
            "token_type=bearer expires_in=3600",
            "Using the default password policy; passwords must have 12+ characters",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk8x7Qm2Lz9Rt4Vn6Yb3Hc0Jd5Fg2Ae9Ku3Mq8Wp1 ops@bastion",
            "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUFh3Zq8Lx2Vm9Rt4Wn6Yb3Hc0Jd5wCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----",
            "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "Set-Cookie: theme=dark; Path=/; HttpOnly",
            "api_version=2023-05-15\nsecret: false\ntoken: 3",
            "password_changed_at=2025-01-01T00:00:00Z",
            "GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json",
            "\"integrity\": \"sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC\"",
            "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "Bearer tokens expire after 3600 seconds; Basic usage: see the docs",
            "jwt_secret_name=prod/jwt\nkeystore.password=changeit",
            "request uuid=123e4567-e89b-12d3-a456-426614174000 took 35ms",
        };
        for (String t : keep) {
            assertEquals(t, REDACTOR.redact(t).redacted(), t);
        }
    }

    @Test
    void customAlwaysOnPatternAndKindsFilter() {
        Detector custom = CustomPatterns.compile(new CustomPatterns.Spec(null, "order_secret", "ORD-[0-9]{4}", null), "p");
        RedactionOptions options = new RedactionOptions(List.of(), java.util.Map.of(), java.util.Set.of("order_secret"), List.of(custom));
        String text = "ORD-1234 and ghp_" + "k3Jd8QmZ2xV7pL0aR5tN9cW4yB6eH1sU3fGo";
        String out = REDACTOR.redact(text, options).redacted();
        assertTrue(out.startsWith("[REDACTED:order_secret] and ghp_"), out);
    }
}
