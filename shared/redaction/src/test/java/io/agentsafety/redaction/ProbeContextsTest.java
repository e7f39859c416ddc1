package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's own probe set (probes/contexts.txt): credentials in contexts and obfuscations that agents and logs
 * produce and the external corpora do not show (Kubernetes Secrets, .npmrc/.netrc/pip.conf/settings.xml, Terraform
 * state, docker auths, struct literals, SQL, CLI flags, Basic auth, nested JSON, char codes, base32, fullwidth
 * forms), each redacted, next to look-alikes that must come back unchanged. Every line is checked; the failures
 * are listed together.
 */
class ProbeContextsTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    @Test
    void everyProbeIsRedactedAndEveryLookAlikeKept() throws IOException {
        List<String> failures = new ArrayList<>();
        int redact = 0;
        int keep = 0;
        for (String line : lines()) {
            String[] cols = line.split("\t");
            if (cols[0].equals("R")) {
                redact++;
                String text = cols[2].replace("¶", "\n");
                String out = REDACTOR.redact(text).redacted();
                for (String secret : cols[1].split(";;")) {
                    assertTrue(text.contains(secret), "the probe must hold what it lists: " + line);
                    if (out.contains(secret)) {
                        failures.add("MISS " + text.replace("\n", "¶") + " -> " + out.replace("\n", "¶"));
                    }
                }
            } else {
                keep++;
                String text = cols[1].replace("¶", "\n");
                String out = REDACTOR.redact(text).redacted();
                if (!out.equals(text)) {
                    failures.add("FALSE " + text.replace("\n", "¶") + " -> " + out.replace("\n", "¶"));
                }
            }
        }
        failures.forEach(System.out::println);
        assertTrue(redact >= 60 && keep >= 15, redact + " / " + keep);
        assertTrue(failures.isEmpty(), failures.size() + " probes failed:\n" + String.join("\n", failures));
    }

    private static List<String> lines() throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
            ProbeContextsTest.class.getResourceAsStream("probes/contexts.txt")), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
        }
        return out;
    }
}
