package io.agentsafety.policy.action;

import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.CommandAssessment;
import io.agentsafety.commands.CommandFinding;
import io.agentsafety.commands.CommandVerdict;
import io.agentsafety.commands.NetworkEndpoint;
import io.agentsafety.commands.Severity;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RiskLevel;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.config.PolicyConfiguration;
import io.agentsafety.policy.names.LookAlikes;
import io.agentsafety.policy.network.NetworkAssessment;
import io.agentsafety.policy.network.NetworkPolicy;
import io.agentsafety.policy.network.NetworkRule;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code execute_code}: a shell {@code command}, {@code code} in a {@code language}, or {@code sql}, analysed by the
 * command analyzer (parser + abstract interpreter + rule packs). URLs the code fetches, and hosts its network tools
 * connect to ({@code nc HOST PORT}, {@code ssh user@HOST}, {@code curl --resolve name:443:ADDR}, {@code /dev/tcp/...};
 * the table is {@code shared/commands} network-tools.yaml), are checked against the network policy: internal
 * destinations (loopback, private, link-local, metadata...) are always denied, other off-allowlist hosts only when
 * {@code safety.policy.network.enforce-in-commands} is set.
 */
@Singleton
public class ExecuteCodeEvaluator implements ActionEvaluator<ExecuteCodeAction> {

    /** Path-like env values are used to resolve variables ({@code rm -rf $DIR}); others may be secrets and are not. */
    private static final Pattern PATH_VALUE = Pattern.compile("[~./][A-Za-z0-9_./~+-]{0,1023}");
    private static final Set<String> ALWAYS_DENIED = Set.of(NetworkRule.LOOPBACK.id(), NetworkRule.PRIVATE_ADDRESS.id(),
        NetworkRule.SHARED_ADDRESS.id(), NetworkRule.LINK_LOCAL.id(), NetworkRule.UNSPECIFIED.id(),
        NetworkRule.MULTICAST.id(), NetworkRule.BROADCAST.id(), NetworkRule.METADATA.id());

    private final CommandAnalyzer analyzer;
    private final NetworkPolicy networkPolicy;
    private final boolean enforceAllowlist;

    public ExecuteCodeEvaluator(CommandAnalyzer analyzer, NetworkPolicy networkPolicy, PolicyConfiguration configuration) {
        this.analyzer = analyzer;
        this.networkPolicy = networkPolicy;
        this.enforceAllowlist = configuration.getNetwork().isEnforceInCommands();
    }

    @Override
    public ActionType type() {
        return ActionType.EXECUTE_CODE;
    }

    @Override
    public List<RuleMatch> evaluate(ExecuteCodeAction action) {
        String command = action.command();
        String code = action.code();
        String sql = action.sql();
        String language = action.language();
        String shell = action.shell();
        String cwd = action.cwd();
        Map<String, String> env = action.env();
        List<RuleMatch> matches = toMatches(analyze(command, sql, code, language, cwd, shell, env));
        // Look-alikes (ｒｍ -rf ／, ѕudo, lоcalhost) are judged a second time as the ASCII they read as, and the
        // stricter reading wins: a look-alike is never allowed where its ASCII form is not (issue 16).
        String commandRead = LookAlikes.asciiReading(command);
        String sqlRead = LookAlikes.asciiReading(sql);
        String codeRead = LookAlikes.asciiReading(code);
        if (commandRead != command || sqlRead != sql || codeRead != code) {
            for (RuleMatch match : toMatches(analyze(commandRead, sqlRead, codeRead, language, cwd, shell, env))) {
                if (matches.stream().anyMatch(m -> m.id().equals(match.id()) && java.util.Objects.equals(m.evidence(), match.evidence()))) {
                    continue;
                }
                matches.add(new RuleMatch(match.id(), "read as ASCII (look-alike characters): " + match.description(),
                    match.evidence(), match.risk(), match.verdict()));
            }
        }
        return matches;
    }

    private CommandAssessment analyze(String command, String sql, String code, String language, String cwd, String shell,
                                      Map<String, String> env) {
        if (command != null) {
            // the shell decides what some syntax means (`((rm -rf /))` runs rm under dash): absent, the strictest reading
            return analyzer.analyzeShell(knownPaths(env) + command, cwd, shell);
        } else if (sql != null) {
            return analyzer.analyzeSql(sql);
        }
        return analyzer.analyzeCode(language, code);
    }

    /** {@code export DIR='/srv'} lines for path-like env values, so the analysis resolves {@code $DIR}. */
    private static String knownPaths(Map<String, String> env) {
        if (env == null || env.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        env.forEach((name, value) -> {
            if (PATH_VALUE.matcher(value).matches()) {
                sb.append(name).append("='").append(value).append("'\n");
            }
        });
        return sb.toString();
    }

    private List<RuleMatch> toMatches(CommandAssessment assessment) {
        List<RuleMatch> matches = new ArrayList<>();
        for (CommandFinding finding : assessment.findings()) {
            matches.add(new RuleMatch(finding.ruleId(), finding.description(), finding.evidence(),
                risk(finding.severity()), verdict(finding.verdict())));
        }
        for (String what : assessment.unresolved()) {
            matches.add(new RuleMatch("command.unresolved", "cannot be resolved statically, so it needs review: " + what,
                null, RiskLevel.HIGH, Verdict.REQUIRE_APPROVAL));
        }
        for (String url : assessment.fetchedUrls()) {
            matches.addAll(checkUrl(url));
        }
        for (NetworkEndpoint endpoint : assessment.contactedHosts()) {
            matches.addAll(checkHost(endpoint));
        }
        return matches;
    }

    /** The analyzer's scale is the policy's: one constant each, mapped here and nowhere else. */
    private static RiskLevel risk(Severity severity) {
        return switch (severity) {
            case LOW -> RiskLevel.LOW;
            case MEDIUM -> RiskLevel.MEDIUM;
            case HIGH -> RiskLevel.HIGH;
            case CRITICAL -> RiskLevel.CRITICAL;
        };
    }

    /** A finding always restricts; one that said allow (none can) would still need a human. */
    private static Verdict verdict(CommandVerdict verdict) {
        return switch (verdict) {
            case DENY -> Verdict.DENY;
            case REQUIRE_APPROVAL, ALLOW -> Verdict.REQUIRE_APPROVAL;
        };
    }

    /** A host a network tool in the command connects to (nc, ssh, curl --resolve, /dev/tcp...): same rules as URLs. */
    private List<RuleMatch> checkHost(NetworkEndpoint endpoint) {
        NetworkAssessment network = networkPolicy.assessHostPort(endpoint.host(), endpoint.port());
        if (network.allowed()) {
            return List.of();
        }
        List<RuleMatch> out = new ArrayList<>();
        for (RuleMatch match : network.matches()) {
            if (ALWAYS_DENIED.contains(match.id()) || enforceAllowlist) {
                out.add(new RuleMatch(match.id(), "the command connects to a host the network policy denies ("
                    + endpoint.describe() + "): " + match.description(), endpoint.evidence(), match.risk(), Verdict.DENY));
            }
        }
        return out;
    }

    private List<RuleMatch> checkUrl(String url) {
        String withScheme = url.matches("(?s)^[A-Za-z][A-Za-z0-9+.-]*://.*") ? url : "http://" + url;
        NetworkAssessment network = networkPolicy.assessUrl(withScheme);
        if (network.allowed()) {
            return List.of();
        }
        List<RuleMatch> out = new ArrayList<>();
        for (RuleMatch match : network.matches()) {
            if (ALWAYS_DENIED.contains(match.id()) || enforceAllowlist) {
                out.add(new RuleMatch(match.id(), "the command fetches a URL the network policy denies: "
                    + match.description(), match.evidence(), match.risk(), Verdict.DENY));
            }
        }
        return out;
    }
}
