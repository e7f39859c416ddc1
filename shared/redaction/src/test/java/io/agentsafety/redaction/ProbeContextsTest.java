package io.agentsafety.redaction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's own probe set (probes/contexts.txt): credentials in contexts and obfuscations that agents and logs
 * produce and the external corpora do not show (Kubernetes Secrets, .npmrc/.netrc/pip.conf/settings.xml, Terraform
 * state, docker auths, struct literals, SQL, CLI flags, Basic auth, nested JSON, char codes, base32, fullwidth
 * forms), each redacted, next to look-alikes that must come back unchanged; and probes/tools.txt: logs (logfmt,
 * RFC 5424, JSON with escaped JSON, Kubernetes events, access logs), diffs, tool output (psql/mysql tables, CSV, env
 * dumps, docker inspect, terraform output, heroku/vercel), Windows shells, connection strings, OAuth responses, HTTP
 * dumps and notebooks; and probes/configs.txt: configuration files, manifests, CI definitions and source files (shell
 * substitutions and here-docs, Helm, Ansible, Kubernetes, GitHub Actions, Terraform plans, Spring defaults, PHP/Rust/Go
 * constants, credential files) next to their harmless twins; and probes/lookalikes.txt: other projects' kind of
 * harmless look-alikes (padded prefixes, wrong lengths, CSRF nonces, Helm list entries) next to the credential each
 * imitates; probes/sources.txt: JavaScript/TypeScript and Ruby source (object literals, class fields, default
 * parameters, env fallbacks, Ruby hashes and percent literals, heredocs); probes/storage.txt: browser storage dumps,
 * redis-cli/etcdctl/Vault/Consul output and two-column listings; probes/elsewhere.txt: material written elsewhere
 * (manifests, env arrays, plan JSON, credential files, CLI flags, code constants, SQL, exception URLs, crypt hashes);
 * probes/traces.txt: CI logs, HTTP traces (HAR, curl -v, mitmproxy), stack traces, kubectl describe, Terraform/Ansible
 * debug output, SQL dumps (pg_dump COPY blocks), chat/markdown, YAML multi-docs, double-encoded queries, JSON in JSON,
 * .reg exports, quoted-printable mail, Perl %ENV, glued shell quotes, bare CSV exports, template literals;
 * probes/syntaxes.txt: source in ~20 more languages (Lua to VBScript), Nix/Dhall/Jsonnet/CUE/Starlark/Bicep/Pkl/KDL/HOCON/
 * EDN/plist/NuGet/Gradle/Cargo files, systemd, crontab, Helm --set, Makefile, Procfile, protobuf text, GraphQL, gRPC,
 * AMQP/MQTT/Kafka SASL, LDIF, SAML, mail headers, YAML anchors and folded scalars, GELF/RFC 5424/CEF/LEEF, arrows and
 * full-width separators, "password" in other languages; probes/pairs.txt: a label and its value in two sibling fields
 * (name/value objects, -Name/-Value flags, SAML attributes, .NET and Java XML settings), the value before its label (R's
 * ->), orchestrators' env lists, secret stores' CLIs, password arguments of known tools, column-less SQL inserts.
 * Every line is checked; the failures are listed together.
 */
class ProbeContextsTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    @ParameterizedTest
    @CsvSource({"probes/contexts.txt, 60, 15", "probes/tools.txt, 95, 40", "probes/configs.txt, 80, 55",
        "probes/lookalikes.txt, 10, 14", "probes/sources.txt, 40, 35", "probes/storage.txt, 20, 15",
        "probes/elsewhere.txt, 120, 95", "probes/traces.txt, 38, 33", "probes/syntaxes.txt, 144, 60",
        "probes/pairs.txt, 105, 75", "probes/records.txt, 100, 60"})
    void everyProbeIsRedactedAndEveryLookAlikeKept(String file, int minRedact, int minKeep) throws IOException {
        List<String> failures = new ArrayList<>();
        int redact = 0;
        int keep = 0;
        for (String line : lines(file)) {
            String[] cols = line.split("\t");
            if (cols[0].equals("R")) {
                redact++;
                String text = rest(cols, 2);
                String out = REDACTOR.redact(text).redacted();
                for (String secret : cols[1].split(";;")) {
                    assertTrue(text.contains(secret), "the probe must hold what it lists: " + line);
                    if (out.contains(secret)) {
                        failures.add("MISS " + text.replace("\n", "¶") + " -> " + out.replace("\n", "¶"));
                    }
                }
            } else {
                keep++;
                String text = rest(cols, 1);
                String out = REDACTOR.redact(text).redacted();
                if (!out.equals(text)) {
                    failures.add("FALSE " + text.replace("\n", "¶") + " -> " + out.replace("\n", "¶"));
                }
            }
        }
        failures.forEach(System.out::println);
        assertTrue(redact >= minRedact && keep >= minKeep, redact + " / " + keep);
        assertTrue(failures.isEmpty(), failures.size() + " probes failed:\n" + String.join("\n", failures));
    }

    /** The text from column {@code from} on: a probe may hold tabs of its own (DevTools and two-column copies). */
    private static String rest(String[] cols, int from) {
        return String.join("\t", Arrays.copyOfRange(cols, from, cols.length)).replace("¶", "\n");
    }

    private static List<String> lines(String file) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
            ProbeContextsTest.class.getResourceAsStream(file)), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
        }
        return out;
    }
}
