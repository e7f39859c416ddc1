package io.agentsafety.commands;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every line of {@code corpus/everyday-probes.tsv} (written for issue 14's false alarms on unseen material: routine
 * work and look-alikes that must be allowed with nothing unresolved, and their destructive twins that must be blocked)
 * gets the verdict it is labelled with. Unlike CommandCorpusTest, which keeps floors per family, this set holds no
 * known miss: a change that turns one line around fails here with the line and the findings. The same holds for
 * {@code corpus/agent-script-probes.tsv} (round 5: families the first set did not cover) and
 * {@code corpus/interpreter-text-probes.tsv} (round 6), {@code corpus/pack-and-bypass-probes.tsv} (round 7) and
 * {@code corpus/adversary-and-pack-probes.tsv} (round 8), {@code corpus/adversary-round9-probes.tsv} (round 9) and
 * {@code corpus/service-round10-probes.tsv} (round 10).
 * {@code corpus/adversary-round10-probes.tsv} (round 10) lists the misses its round left as known, by command: the
 * file's wrong verdicts must be exactly those, so a fix or a new miss fails until the list says so.
 */
class EverydayProbesTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    static List<LabelledCommands.Row> probes() throws IOException {
        return probes("everyday-probes.tsv");
    }

    /**
     * The probes of one file under {@code corpus/}. In everyday-probes.tsv a command holding "<<" writes its newlines
     * as the two characters \n; in agent-script-probes.tsv, whose scripts are multi-line, U+2424 stands for a newline.
     */
    static List<LabelledCommands.Row> probes(String file) throws IOException {
        return LabelledCommands.read(file, command -> command.indexOf('\u2424') >= 0 ? command.replace('\u2424', '\n')
            : command.contains("<<") ? command.replace("\\n", "\n") : command);
    }

    @Test
    void everyProbeGetsItsLabel() throws IOException {
        List<LabelledCommands.Row> probes = probes();
        assertTrue(probes.size() >= 1500, "the probe set, was " + probes.size());
        assertLabels(probes, 600, 300);
    }

    /** Round 5: agents' multi-line scripts, cmd.exe, macOS, exec/ssh strings, hosting and cloud CLIs (agent-script-probes.tsv). */
    @Test
    void everyAgentScriptProbeGetsItsLabel() throws IOException {
        assertProbeFile("agent-script-probes.tsv", 1000, 60, 600, 390);
    }

    /**
     * Round 6: calls spelled inside string literals and comments of interpreter code next to real ones, sed scripts with
     * variables, docker bind mounts of unknown host paths, recipes, CI blocks, JVM one-liners and tool families
     * (interpreter-text-probes.tsv).
     */
    @Test
    void everyInterpreterTextProbeGetsItsLabel() throws IOException {
        assertProbeFile("interpreter-text-probes.tsv", 700, 60, 420, 280);
    }

    /**
     * Round 7: secrets managers, jenkins-cli, Kafka ACLs, DNS record deletion, live-service configuration over HTTP and
     * unknown CLIs, nft -f -, find -delete of an unknown root, Python tree walks that delete, .format() with literals,
     * Node members by computed or literal name, Ruby percent literals, Julia, -h of cobra-style CLIs
     * (pack-and-bypass-probes.tsv).
     */
    @Test
    void everyPackAndBypassProbeGetsItsLabel() throws IOException {
        assertProbeFile("pack-and-bypass-probes.tsv", 300, 12, 180, 115);
    }

    /**
     * Round 8: an adversary's wrappings of destructive commands (git global options, aliases, functions, arrays,
     * command/exec, computed names, here-strings and process substitutions into shells, feeders, cmd.exe, PowerShell,
     * interpreter libraries, Kotlin and Java tree walks, ${!name}) and the CLIs of the pack families dcg's dev misses
     * named (CDN, CI/CD, hosting platforms, databases, messaging, storage), each with harmless twins
     * (adversary-and-pack-probes.tsv).
     */
    @Test
    void everyAdversaryAndPackProbeGetsItsLabel() throws IOException {
        assertProbeFile("adversary-and-pack-probes.tsv", 450, 15, 260, 200);
    }

    /**
     * Round 9: an adversary's contexts the earlier files lacked: remote and nested execution (ssh, kubectl exec with
     * global options, docker exec/run, nsenter, chroot), build files given inline (make, just, task, npm pkg set
     * scripts), cmd.exe, diskpart scripts, PowerShell with -WhatIf, disks, shred and truncation, chmod/chown/mv of the
     * root or the home, database shells with grouped flags, ref-deleting pushes and history rewrites, obfuscation, and
     * everyday look-alikes (adversary-round9-probes.tsv).
     */
    @Test
    void everyRoundNineAdversaryProbeGetsItsLabel() throws IOException {
        assertProbeFile("adversary-round9-probes.tsv", 270, 7, 155, 115);
    }

    /**
     * Round 10: the per-service families (issue 14, dcg's packs): SQL through a service CLI, GraphQL mutations, storage
     * lifecycle policies, whole-cache CDN purges, Kubernetes alerting configuration, Kafka record deletion, memcached,
     * and the families earlier rounds covered, each with harmless twins (service-round10-probes.tsv).
     */
    @Test
    void everyRoundTenServiceProbeGetsItsLabel() throws IOException {
        assertProbeFile("service-round10-probes.tsv", 135, 3, 30, 100);
    }

    /**
     * Round 10: interpreter one-liners in more languages, build tools, container and namespace execution, encoded
     * payloads, here-strings and process substitution, find and rsync variants, disk tools, database CLIs, cmd.exe and
     * PowerShell, aliases and functions, the round-9 runner gaps (set-script, quoted Taskfile commands, shebang Justfile
     * recipes, kubectl plugins), stacked wrappers and multi-line scripts (adversary-round10-probes.tsv). Its 11 known
     * misses were fixed in round 11 (README): every probe gets its label now.
     */
    @Test
    void everyRoundTenAdversaryProbeGetsItsLabel() throws IOException {
        assertProbeFile("adversary-round10-probes.tsv", 330, 30, 140, 185);
    }

    /**
     * Round 11: code APIs that run commands (Deno.Command, $`...` templates, a list's execute(), Scala's Process, sbt
     * eval), loops and xargs over known input, rsync --remove-source-files, sed -i blanking files, cmd /c for loops,
     * PowerShell pipelines and Invoke-Expression, kubectl delete of manifest folders and kustomizations, tools run by a
     * relative path, netcat to redis/memcached, juju/nomad teardown, SQL on service CLIs' database shells
     * (round11-probes.tsv). Its known miss, cmd's for /r over a drive, was fixed in round 12.
     */
    @Test
    void everyRoundElevenProbeGetsItsLabel() throws IOException {
        assertProbeFile("round11-probes.tsv", 90, 3, 40, 45);
    }

    /**
     * Round 12: cmd's for /r loops and del /s across a drive or profile, terraform state rm/push, kubectl delete -f of a
     * folder named without a slash, deleting a service's log delivery, the AWS CLI's delete-* verbs (round12-probes.tsv).
     */
    @Test
    void everyRoundTwelveProbeGetsItsLabel() throws IOException {
        assertProbeFile("round12-probes.tsv", 75, 6, 38, 36);
    }

    /**
     * Round 13: package runners and build tools whose command line shows the deletion, database CLIs, bulk deletes in
     * cloud storage, disk and filesystem tools, container and cluster mass actions, git history rewrites and obfuscated
     * spellings, each with harmless twins (round13-probes.tsv).
     */
    @Test
    void everyRoundThirteenProbeGetsItsLabel() throws IOException {
        assertProbeFile("round13-probes.tsv", 160, 8, 80, 85);
    }

    /** A probe file of at least {@code minSize} commands, {@code minMultiLine} of them multi-line scripts, each judged as labelled. */
    private static void assertProbeFile(String file, int minSize, int minMultiLine, int minAllow, int minBlock) throws IOException {
        assertProbeFile(file, minSize, minMultiLine, minAllow, minBlock, Set.of());
    }

    /** As above, where the commands in {@code knownMisses} must be exactly the ones judged against their label. */
    private static void assertProbeFile(String file, int minSize, int minMultiLine, int minAllow, int minBlock,
                                        Set<String> knownMisses) throws IOException {
        List<LabelledCommands.Row> probes = probes(file);
        assertTrue(probes.size() >= minSize, "the probe set, was " + probes.size());
        assertTrue(probes.stream().filter(p -> p.command().contains("\n")).count() >= minMultiLine, "multi-line scripts among the probes");
        assertLabels(probes, minAllow, minBlock, knownMisses);
    }

    private static void assertLabels(List<LabelledCommands.Row> probes, int minAllow, int minBlock) {
        assertLabels(probes, minAllow, minBlock, Set.of());
    }

    /** Every probe gets its label but the known misses, and every known miss is still judged against its label. */
    private static void assertLabels(List<LabelledCommands.Row> probes, int minAllow, int minBlock, Set<String> knownMisses) {
        List<String> wrong = new ArrayList<>();
        Set<String> fixed = new TreeSet<>(knownMisses);
        int allow = 0;
        for (LabelledCommands.Row p : probes) {
            CommandAssessment a = ANALYZER.analyzeShell(p.command(), p.cwd());
            allow += p.block() ? 0 : 1;
            if (a.blocked() != p.block() && !fixed.remove(p.command())) {
                List<String> rules = a.findings().stream().map(CommandFinding::ruleId).toList();
                wrong.add((p.block() ? "missed " : "false alarm ") + p.family() + " | " + p.command().replace("\n", "\\n")
                    + " -> " + a.verdict() + " " + rules + " " + a.unresolved());
            }
        }
        assertTrue(allow >= minAllow && probes.size() - allow >= minBlock, "harmless " + allow + ", destructive " + (probes.size() - allow));
        assertTrue(wrong.isEmpty(), wrong.size() + " probes with the wrong verdict:\n" + String.join("\n", wrong));
        assertEquals(Set.of(), fixed, "known misses now judged as labelled (or no longer in the file): take them off the list");
    }
}
