package io.agentsafety.redaction;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Micronaut-built {@link Redactor}: custom patterns from configuration, process secrets, errors. */
class RedactorConfigurationTest {

    @Test
    void customPatternsFromConfigurationAreCompiledAndUsed() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of(
            "safety.redaction.custom-patterns[0].id", "employee",
            "safety.redaction.custom-patterns[0].kind", "employee_id",
            "safety.redaction.custom-patterns[0].regex", "EMP-[0-9]{6}",
            "safety.redaction.custom-patterns[0].keywords", List.of("emp-"),
            "safety.redaction.custom-patterns[1].kind", "ticket_secret",
            "safety.redaction.custom-patterns[1].regex", "TKT_[a-z0-9]{10}"))) {
            Redactor redactor = ctx.getBean(Redactor.class);
            RedactionResult r = redactor.redact("user EMP-123456 opened TKT_ab12cd34ef today");
            assertEquals("user [REDACTED:employee_id] opened [REDACTED:ticket_secret] today", r.redacted());
            assertEquals("custom:employee", r.findings().get(0).detector());
            assertTrue(redactor.kinds().contains("employee_id"));
        }
    }

    @Test
    void invalidCustomPatternFailsStartupNamingTheFieldNotTheRegex() {
        BeanInstantiationException e = assertThrows(BeanInstantiationException.class, () -> {
            try (ApplicationContext ctx = ApplicationContext.run(Map.of(
                "safety.redaction.custom-patterns[0].kind", "k",
                "safety.redaction.custom-patterns[0].regex", "(unclosed-s3cr3t"))) {
                ctx.getBean(Redactor.class);
            }
        });
        String message = String.valueOf(e.getMessage()) + e.getCause();
        assertTrue(message.contains("safety.redaction.custom-patterns[0].regex"), message);
        assertFalse(message.contains("s3cr3t"), message);
    }

    @Test
    void sensitiveEnvironmentValuesAreRemovedInEveryEncoding() {
        String value = "Zq8!vR2#mT6pW9xK";
        Redactor redactor = Redactor.builder()
            .environmentSecrets(Map.of("DB_PASSWORD", value, "PATH", "/usr/bin:/bin", "SHORT_TOKEN", "abc"),
                RedactorBuilder.DEFAULT_SENSITIVE_ENV_NAMES, 8)
            .build();
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String b64 = java.util.Base64.getEncoder().encodeToString(("u:" + value + "!").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String text = "raw " + value + " b64 " + b64 + " url " + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
            + " hex " + java.util.HexFormat.of().formatHex(bytes) + " path /usr/bin:/bin abc";
        String out = redactor.redact(text).redacted();
        assertFalse(out.contains(value), out);
        for (int shift = 0; shift < 3; shift++) {
            String aligned = SecretValues.alignedBase64(bytes, shift);
            assertFalse(out.contains(aligned), "base64 alignment " + shift + ": " + out);
        }
        assertFalse(out.contains(java.util.HexFormat.of().formatHex(bytes)), out);
        assertTrue(out.contains("/usr/bin:/bin abc"), out);
        assertTrue(out.contains("[REDACTED:env_secret]"), out);
        assertEquals(1, redactor.processSecretCount() > 0 ? 1 : 0);
    }

    @Test
    void globsMatchNamesCaseInsensitively() {
        assertTrue(RedactorBuilder.glob("*_TOKEN").matches("GITHUB_TOKEN"));
        assertTrue(RedactorBuilder.glob("*PASSWORD*").matches("PGPASSWORD_FILE"));
        assertFalse(RedactorBuilder.glob("*_KEY").matches("KEYBOARD"));
    }
}
