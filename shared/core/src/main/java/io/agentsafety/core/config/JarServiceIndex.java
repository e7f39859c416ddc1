package io.agentsafety.core.config;

import io.micronaut.core.io.IOUtils;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Micronaut's services (bean definitions, introspections, {@code META-INF/services} lists) as a static list, read from
 * the function's jar when the class path has exactly one jar of Micronaut metadata (the deployed, shaded jar).
 *
 * <p>Why: without it, Micronaut 4.10 finds its {@code META-INF/micronaut/<type>/<class>} entries by walking a zip file
 * system of the whole jar (its ~9,000-entry central directory read and indexed again, on the main thread of a cold
 * start; infra/local/COLD-START.md). Here the jar is opened as a {@link JarFile}, which shares the central directory the
 * class loader has already read. Micronaut's hook for this is {@link SoftServiceLoader.Optimizations} (what Micronaut
 * AOT generates at build time), read once by {@link SoftServiceLoader}; a type the list has is served from it alone,
 * so it lists for each type what the scan would find: the jar's {@code META-INF/micronaut/} entries plus every
 * class path entry's {@code META-INF/services} file of that type. Anywhere else (tests, an exploded class path, several
 * jars with metadata) it lists nothing and Micronaut scans as before.
 */
public final class JarServiceIndex implements StaticOptimizations.Loader<SoftServiceLoader.Optimizations> {

    static final String MICRONAUT = "META-INF/micronaut/";
    static final String SERVICES = "META-INF/services/";

    @Override
    public SoftServiceLoader.Optimizations load() {
        return new SoftServiceLoader.Optimizations(loadersOf(JarServiceIndex.class.getClassLoader()));
    }

    static Map<String, SoftServiceLoader.StaticServiceLoader<?>> loadersOf(ClassLoader loader) {
        Path jar = onlyMetadataJar(loader);
        if (jar == null) {
            return new LinkedHashMap<>();
        }
        Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders = new EveryType(loader);
        Map<String, List<String>> micronaut = new LinkedHashMap<>();
        List<String> serviceFiles = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(MICRONAUT)) {
                    int slash = name.indexOf('/', MICRONAUT.length());
                    // <type>/<class>, a file: what the scan's walk visits
                    if (slash > MICRONAUT.length() && slash < name.length() - 1 && name.indexOf('/', slash + 1) < 0) {
                        micronaut.computeIfAbsent(name.substring(MICRONAUT.length(), slash), t -> new ArrayList<>())
                            .add(name.substring(slash + 1));
                    }
                } else if (name.startsWith(SERVICES) && name.length() > SERVICES.length() && name.indexOf('/', SERVICES.length()) < 0) {
                    serviceFiles.add(name.substring(SERVICES.length()));
                }
            }
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
        micronaut.forEach((type, names) -> loaders.put(type, new Listed<>(type, names, serviceFiles.contains(type), loader)));
        for (String type : serviceFiles) {
            loaders.putIfAbsent(type, new Listed<>(type, List.of(), true, loader));
        }
        return loaders;
    }

    /**
     * Each service type's implementation names, in the order Micronaut's scan reads them; empty unless the class path
     * has exactly one jar with {@code META-INF/micronaut/}.
     */
    static Map<String, List<String>> servicesOf(ClassLoader loader) {
        Map<String, List<String>> services = new LinkedHashMap<>();
        loadersOf(loader).forEach((type, listed) -> services.put(type, ((Listed<?>) listed).names()));
        return services;
    }

    /** The jar, when it is the class path's only root of {@code META-INF/micronaut/} (the one Micronaut would walk). */
    private static Path onlyMetadataJar(ClassLoader loader) {
        try {
            List<URI> roots = IOUtils.getResources(loader, MICRONAUT);
            if (roots.size() != 1 || !"jar".equals(roots.get(0).getScheme())) {
                return null;
            }
            String spec = roots.get(0).getRawSchemeSpecificPart();
            int separator = spec.indexOf("!/");
            if (!spec.startsWith("file:") || separator < 0 || spec.indexOf("!/", separator + 2) >= 0) {
                return null; // a jar inside a jar, or not on the file system
            }
            return Path.of(URI.create(spec.substring(0, separator)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The class names of every {@code META-INF/services/<type>} file on the class path, as Micronaut reads them. */
    private static List<String> listed(ClassLoader loader, String type) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> files = loader.getResources(SERVICES + type);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream();
                     BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        int comment = line.indexOf('#');
                        String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                        if (!name.isEmpty() && !names.contains(name)) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * The list answers for every type, also one the jar has neither entries nor a services file of (e.g. Micronaut's
     * {@code HttpResponseFactory}, asked for on the first response): the scan would walk a zip file system of the whole
     * jar to find nothing under {@code META-INF/micronaut/} (policy-check: ≈ 8 of 123 main-thread samples), so such a
     * type is served from the class path's {@code META-INF/services} files alone, which is all the scan would find.
     */
    private static final class EveryType extends ConcurrentHashMap<String, SoftServiceLoader.StaticServiceLoader<?>> {

        private final transient ClassLoader loader;

        EveryType(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public SoftServiceLoader.StaticServiceLoader<?> get(Object type) {
            return type instanceof String name ? computeIfAbsent(name, t -> new Listed<>(t, List.of(), true, loader)) : null;
        }

        @Override
        public boolean containsKey(Object type) {
            return type instanceof String;
        }
    }

    /**
     * One type's implementations, created when Micronaut asks for them; a class that cannot be loaded (its optional
     * dependency is not in the jar) is left out, as the scan leaves it out.
     */
    private static final class Listed<S> implements SoftServiceLoader.StaticServiceLoader<S> {

        private final String type;
        private final List<String> micronautEntries;
        private final boolean servicesFile;
        private final ClassLoader loader;
        private volatile List<String> names;

        Listed(String type, List<String> micronautEntries, boolean servicesFile, ClassLoader loader) {
            this.type = type;
            this.micronautEntries = micronautEntries;
            this.servicesFile = servicesFile;
            this.loader = loader;
        }

        /** The jar's entries, then the services files' lines (read on first use: most types are never asked for). */
        List<String> names() {
            List<String> known = names;
            if (known == null) {
                List<String> all = new ArrayList<>(micronautEntries);
                if (servicesFile) {
                    for (String name : listed(loader, type)) {
                        if (!all.contains(name)) {
                            all.add(name);
                        }
                    }
                }
                known = List.copyOf(all);
                names = known;
            }
            return known;
        }

        @Override
        public Stream<SoftServiceLoader.StaticDefinition<S>> findAll(Predicate<String> condition) {
            List<String> all = names();
            List<SoftServiceLoader.StaticDefinition<S>> found = new ArrayList<>(all.size());
            for (String name : all) {
                if (condition == null || condition.test(name)) {
                    S service = create(name);
                    if (service != null) {
                        found.add(SoftServiceLoader.StaticDefinition.of(name, () -> service));
                    }
                }
            }
            return found.stream();
        }

        @SuppressWarnings("unchecked")
        private S create(String name) {
            try {
                return (S) Objects.requireNonNull(Class.forName(name, false, loader).getDeclaredConstructor().newInstance());
            } catch (NoClassDefFoundError | ClassNotFoundException | NoSuchMethodException e) {
                return null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("service " + name + " cannot be created", e);
            }
        }
    }
}
