package io.agentsafety.commands;

import io.agentsafety.commands.analysis.NetworkTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Executes the examples of {@code network-tools.yaml}: each command reports the host it connects to. */
class NetworkToolsTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @Test
    void everyToolReportsTheHostsItContacts() {
        List<String> failures = new ArrayList<>();
        for (NetworkTools.Example example : NetworkTools.builtIn().contactExamples()) {
            List<String> found = hosts(example.command());
            if (!found.contains(example.endpoint())) {
                failures.add("'" + example.command() + "' -> " + found + ", expected " + example.endpoint());
            }
        }
        for (String command : NetworkTools.builtIn().noneExamples()) {
            List<String> found = hosts(command);
            if (!found.isEmpty()) {
                failures.add("'" + command + "' -> " + found + ", expected no host");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** The other ways a command connects: wrappers, bash's /dev/tcp, variables set earlier in the line. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "exec 3<>/dev/tcp/169.254.169.254/80        | 169.254.169.254:80",
        "cat < /dev/tcp/127.0.0.1/6379               | 127.0.0.1:6379",
        "echo x > /dev/udp/10.0.0.1/53               | 10.0.0.1:53",
        "sudo nc 169.254.169.254 80                  | 169.254.169.254:80",
        "h=169.254.169.254; nc $h 80                 | 169.254.169.254:80",
        "bash -c 'nc 10.1.1.1 22'                    | 10.1.1.1:22",
    })
    void otherWaysToConnect(String command, String endpoint) {
        assertTrue(hosts(command).contains(endpoint), command + " -> " + hosts(command));
    }

    @Test
    void evidenceNamesTheCommand() {
        CommandAssessment a = ANALYZER.analyzeShell("nc 169.254.169.254 80");
        assertEquals(List.of(new NetworkEndpoint("169.254.169.254", 80, "nc 169.254.169.254 80")), a.contactedHosts());
        assertEquals(CommandVerdict.ALLOW, a.verdict(), "the analyzer reports; the policy decides");
    }

    private static List<String> hosts(String command) {
        return ANALYZER.analyzeShell(command).contactedHosts().stream()
            .map(e -> e.host() + ":" + (e.port() == null ? "?" : e.port())).toList();
    }
}
