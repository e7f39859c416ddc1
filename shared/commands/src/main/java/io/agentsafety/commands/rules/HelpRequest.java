package io.agentsafety.commands.rules;

import io.agentsafety.commands.analysis.Arg;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A command asking for its usage ({@code terraform destroy --help}, {@code helm uninstall --help}, {@code git reset
 * --hard --help}) or its version ({@code git filter-repo --version} as the last word: getopt_long and the usual flag
 * libraries print both and exit while parsing) prints it and does nothing else, so like a dry run it matches no rule. Only where programs read it
 * so: {@code --help}/{@code -help} before any {@code --} and before any operand that is not a plain word (a path, a
 * glob, a variable), since a parser that stops at the first operand (BSD getopt, {@code POSIXLY_CORRECT}) takes a
 * later {@code --help} for one more operand: {@code rm -rf ~ --help} stays {@code rm -rf ~}. Shell builtins act on
 * the words before an unknown one ({@code kill -9 -1 --help} signals first), and pseudo commands carry facts, not
 * options: neither is ever a help request. At most two plain words may come before it (a subcommand and its noun:
 * {@code kubectl delete ns --help}, {@code gcloud projects delete --help}): a third is likely a resource's name, and a
 * parser that stops at the first operand (Go's {@code flag}, getopt without permutation) would act on it and take the
 * flag for one more operand, so {@code kubectl delete ns prod --help} is judged as the deletion — a false alarm for
 * deeper command trees, chosen over letting a deletion through (fail closed).
 */
final class HelpRequest {

    private static final Set<String> FLAGS = Set.of("--help", "-help");
    private static final Set<String> ACTS_BEFORE_PARSING = Set.of("kill", "eval", "exec", "source", ".", "trap",
        "builtin", "command", "redis-cli", "valkey-cli", "keydb-cli");
    private static final int MAX_WORDS_BEFORE = 2;
    /**
     * Programs whose flag library reads {@code -h} as {@code --help} everywhere (Go's cobra and HashiCorp's cli:
     * {@code helm uninstall -h}, {@code vault kv delete -h}); elsewhere {@code -h} often takes a value (a host).
     */
    private static final Set<String> SHORT_HELP = Set.of("helm", "kubectl", "oc", "gh", "glab", "doctl", "flyctl", "fly",
        "vault", "consul", "nomad", "terraform", "tofu", "packer", "kustomize", "minikube", "kind", "k3d", "argocd", "flux",
        "istioctl", "velero", "cilium", "linkerd", "eksctl", "hugo", "cosign", "skaffold", "tilt");

    private HelpRequest() {
    }

    static boolean asks(String name, List<Arg> args) {
        if (name.startsWith("@") || ACTS_BEFORE_PARSING.contains(name)) {
            return false;
        }
        int words = 0;
        for (Arg arg : args) {
            String text = arg.text();
            if (!arg.exact() || arg.glob() || arg.dynamic() || text.equals("--")) {
                return false;
            }
            if (FLAGS.contains(text.toLowerCase(Locale.ROOT)) || text.equals("-h") && SHORT_HELP.contains(name)) {
                return true;
            }
            if (text.equals("--version") && arg == args.get(args.size() - 1)) {
                return true; // only last: elsewhere it may take a value (cargo yank --version 1.0.0)
            }
            if (!text.startsWith("-") && (!isWord(text) || ++words > MAX_WORDS_BEFORE)) {
                return false;
            }
        }
        return false;
    }

    /**
     * A subcommand or a resource name ({@code [A-Za-z][A-Za-z0-9_:-]*}): what {@code kubectl delete ns prod --help}
     * puts before the flag. A loop rather than a regex: this runs for every argument of every command.
     */
    static boolean isWord(String text) {
        if (text.isEmpty() || !isAsciiLetter(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiLetter(c) && (c < '0' || c > '9') && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
