package io.agentsafety.sandbox.exec;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One row of {@code package-ecosystems.yaml}: the ecosystem's name grammar, the registry hosts an install
 * reaches (each a network-access policy decision), and the install command as an argument list.
 */
public record PackageEcosystem(String name, String grammar, Pattern pattern, List<String> registryHosts,
                               List<String> command, Map<String, String> env) {

    public boolean accepts(String spec) {
        return spec != null && spec.length() <= 256 && pattern.matcher(spec).matches();
    }

    /** The shell line installing these (already validated) packages: the command words, then one quoted word each. */
    public String installCommand(List<String> packages) {
        for (String spec : packages) {
            if (!accepts(spec)) {
                throw new IllegalArgumentException("unvalidated package name reached the command builder");
            }
        }
        return ShellQuote.line(command, packages);
    }
}
