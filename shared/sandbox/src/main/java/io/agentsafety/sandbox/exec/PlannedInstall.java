package io.agentsafety.sandbox.exec;

import java.util.List;
import java.util.Map;

/** One ecosystem's install of a request: the validated packages and the exact command line that will run. */
public record PlannedInstall(PackageEcosystem ecosystem, List<String> packages, String command) {

    public static List<PlannedInstall> plan(Map<String, List<String>> packages, PackageEcosystems ecosystems) {
        return packages.entrySet().stream()
            .map(e -> {
                PackageEcosystem ecosystem = ecosystems.get(e.getKey()).orElseThrow();
                return new PlannedInstall(ecosystem, e.getValue(), ecosystem.installCommand(e.getValue()));
            })
            .toList();
    }

    public Map<String, String> env() {
        return ecosystem.env();
    }
}
