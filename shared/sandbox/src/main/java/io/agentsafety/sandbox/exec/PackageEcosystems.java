package io.agentsafety.sandbox.exec;

import jakarta.inject.Singleton;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The ecosystem table, loaded once; every row's valid/invalid examples are checked at load (a bad row fails startup). */
@Singleton
public class PackageEcosystems {

    private static final String RESOURCE = "/io/agentsafety/sandbox/exec/package-ecosystems.yaml";

    private final Map<String, PackageEcosystem> byName;

    public PackageEcosystems() {
        this.byName = load();
    }

    public Optional<PackageEcosystem> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public java.util.Set<String> names() {
        return byName.keySet();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, PackageEcosystem> load() {
        Map<String, Object> root;
        try (InputStream in = PackageEcosystems.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
        Map<String, PackageEcosystem> out = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) root.get("ecosystems")).forEach((name, row) -> {
            PackageEcosystem ecosystem = new PackageEcosystem(name, String.valueOf(row.get("grammar")),
                Pattern.compile(String.valueOf(row.get("pattern"))),
                List.copyOf((List<String>) row.get("registry_hosts")),
                List.copyOf((List<String>) row.get("command")),
                Map.copyOf(row.get("env") == null ? Map.of() : (Map<String, String>) row.get("env")));
            for (String valid : (List<String>) row.getOrDefault("valid", List.of())) {
                if (!ecosystem.accepts(valid)) {
                    throw new IllegalStateException("package-ecosystems.yaml: " + name + " rejects its valid example " + valid);
                }
            }
            for (String invalid : (List<String>) row.getOrDefault("invalid", List.of())) {
                if (ecosystem.accepts(invalid)) {
                    throw new IllegalStateException("package-ecosystems.yaml: " + name + " accepts its invalid example " + invalid);
                }
            }
            out.put(name, ecosystem);
        });
        return java.util.Collections.unmodifiableMap(out);
    }
}
