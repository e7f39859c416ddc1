package io.agentsafety.redaction;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.agentsafety.core.config.PlainYaml;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The detector table: rows of data (id, kind, keywords, RE2J regex, secret group, entropy minimum,
 * allow-list, checks, window, inline examples) read from {@code detectors.yaml}. Regexes may use
 * {@code {{NAME}}} macros defined at the top of the file, so that boundaries and separators are written
 * once. A malformed row fails loading with the row id and field named.
 */
public final class DetectorTable {

    public static final String RESOURCE = "/io/agentsafety/redaction/detectors.yaml";

    /** The inline true/false examples of one row, executed by a test. */
    public record Examples(String detectorId, String kind, List<String> redact, List<String> keep) {
    }

    private final List<Detector> detectors;
    private final List<Pattern> globalAllow;
    private final List<Examples> examples;

    private DetectorTable(List<Detector> detectors, List<Pattern> globalAllow, List<Examples> examples) {
        this.detectors = List.copyOf(detectors);
        this.globalAllow = List.copyOf(globalAllow);
        this.examples = List.copyOf(examples);
    }

    private static volatile DetectorTable builtIn;

    /** The built-in table shipped in this jar (parsed once). */
    public static DetectorTable builtIn() {
        DetectorTable table = builtIn;
        if (table == null) {
            synchronized (DetectorTable.class) {
                table = builtIn;
                if (table == null) {
                    try (InputStream in = DetectorTable.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing " + RESOURCE);
                        }
                        // lazy: a row's regexes are compiled at its first keyword hit (cold start, issue 17); the
                        // module's tests compile and run every row
                        table = parse(in, true);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    builtIn = table;
                }
            }
        }
        return table;
    }

    public List<Detector> detectors() {
        return detectors;
    }

    List<Pattern> globalAllow() {
        return globalAllow;
    }

    public List<Examples> examples() {
        return examples;
    }

    public Set<String> kinds() {
        Set<String> kinds = new java.util.TreeSet<>();
        for (Detector d : detectors) {
            kinds.add(d.kind());
        }
        return kinds;
    }

    /** The table in {@code in}, every regex compiled now (a malformed row fails here, named). */
    static DetectorTable parse(InputStream in) {
        return parse(in, false);
    }

    /** As {@link #parse(InputStream)}; {@code lazy}: each row's regexes are compiled on its first use instead. */
    @SuppressWarnings("unchecked")
    static DetectorTable parse(InputStream in, boolean lazy) {
        Map<String, Object> root = (Map<String, Object>) read(in);
        Map<String, String> macros = new LinkedHashMap<>();
        Object m = root.get("macros");
        if (m instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                macros.put(String.valueOf(e.getKey()), expand(String.valueOf(e.getValue()), macros, "macros"));
            }
        }
        // the global allow-list runs on every candidate secret: one pattern per row, so that the Redactor runs only
        // the rows whose required literals the value holds (a value is allowed when any row finds a match, as the
        // rows joined by '|' would)
        List<Pattern> globalAllow = new ArrayList<>();
        for (Object a : list(root.get("allow"))) {
            globalAllow.add(compile(String.valueOf(a), "allow"));
        }
        List<Detector> detectors = new ArrayList<>();
        List<Examples> examples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Object o : list(root.get("detectors"))) {
            Map<String, Object> row = (Map<String, Object>) o;
            String id = required(row, "id", "?");
            if (!ids.add(id)) {
                throw new IllegalArgumentException("detectors.yaml: duplicate id " + id);
            }
            Detector d = compileRow(row, id, macros, lazy);
            detectors.add(d);
            Map<String, Object> ex = (Map<String, Object>) row.getOrDefault("examples", Map.of());
            examples.add(new Examples(id, d.kind(), strings(ex.get("redact")), strings(ex.get("keep"))));
        }
        return new DetectorTable(detectors, globalAllow, examples);
    }

    /**
     * The YAML document: {@link PlainYaml} (shared/core) for the subset the table is written in (a few ms on a cold JVM
     * instead of SnakeYAML's ~70), SnakeYAML for anything else, so both read the same document the same way.
     */
    static Object read(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // strict decoding: malformed UTF-8 goes to SnakeYAML, which reports it
            return PlainYaml.parse(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (PlainYaml.Unsupported | java.nio.charset.CharacterCodingException e) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(new java.io.ByteArrayInputStream(bytes));
        }
    }

    @SuppressWarnings("unchecked")
    private static Detector compileRow(Map<String, Object> row, String id, Map<String, String> macros, boolean lazy) {
        String kind = required(row, "kind", id);
        if (!snakeCase(kind)) {
            throw new IllegalArgumentException("detectors.yaml " + id + ": kind must be snake_case");
        }
        List<String> keywords = strings(row.get("keywords")).stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        if (keywords.isEmpty()) {
            throw new IllegalArgumentException("detectors.yaml " + id + ": keywords are required (the prefilter)");
        }
        List<String> requiresAny = strings(row.get("requires_any")).stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        String regex = expand(required(row, "regex", id), macros, id);
        String values = row.containsKey("values") ? expand(String.valueOf(row.get("values")), macros, id) : null;
        List<String> allow = strings(row.get("allow"));
        List<String> checks = strings(row.get("checks"));
        for (String c : checks) {
            if (!ValueChecks.known(c)) {
                throw new IllegalArgumentException("detectors.yaml " + id + ": unknown check " + c);
            }
        }
        Map<String, Object> window = (Map<String, Object>) row.getOrDefault("window", Map.of());
        Detector.Anchor anchor = Detector.Anchor.valueOf(String.valueOf(row.getOrDefault("anchor", "window")).toUpperCase(Locale.ROOT));
        if (anchor == Detector.Anchor.TOKEN && !required(row, "regex", id).startsWith("{{L}}")) {
            // Redactor.tokenBoundary checks {{L}} before running the regex, which is only right if the regex opens with it
            throw new IllegalArgumentException("detectors.yaml " + id + ": an anchor: token regex must open with {{L}}");
        }
        double entropy = number(row.get("entropy"), 0);
        int minLength = (int) number(row.get("min_length"), 1);
        boolean placeholderCheck = !Boolean.FALSE.equals(row.get("placeholder_check"));
        int linesBefore = (int) number(window.get("lines_before"), 0);
        int linesAfter = (int) number(window.get("lines_after"), 0);
        int maxBack = (int) number(window.get("max_back"), 512);
        int maxForward = (int) number(window.get("max_forward"), 4096);
        List<String> near = strings(row.get("near"));
        if (lazy) {
            return new Detector(id, kind, keywords, requiresAny, new Detector.Source(regex, values, allow), entropy, minLength,
                checks, placeholderCheck, linesBefore, linesAfter, maxBack, maxForward, near, anchor);
        }
        List<Pattern> allowPatterns = new ArrayList<>();
        for (String a : allow) {
            allowPatterns.add(compile(a, id + ".allow"));
        }
        return new Detector(id, kind, keywords, requiresAny, compile(regex, id + ".regex"),
            values == null ? null : compile(values, id + ".values"), entropy, minLength, allowPatterns, checks,
            placeholderCheck, linesBefore, linesAfter, maxBack, maxForward, near, anchor);
    }

    /** [a-z0-9_]+ (without a regex compile per row at start). */
    private static boolean snakeCase(String kind) {
        if (kind.isEmpty()) {
            return false;
        }
        for (int i = 0; i < kind.length(); i++) {
            char c = kind.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String expand(String regex, Map<String, String> macros, String where) {
        String out = regex;
        for (int guard = 0; out.contains("{{") && guard < 8; guard++) {
            for (Map.Entry<String, String> e : macros.entrySet()) {
                out = out.replace("{{" + e.getKey() + "}}", e.getValue());
            }
        }
        if (unknownMacro(out)) {
            throw new IllegalArgumentException("detectors.yaml " + where + ": unknown macro in regex");
        }
        return out;
    }

    /** Whether a {{NAME}} (upper case and '_') is left in {@code regex}. */
    private static boolean unknownMacro(String regex) {
        for (int i = regex.indexOf("{{"); i >= 0; i = regex.indexOf("{{", i + 1)) {
            int j = i + 2;
            while (j < regex.length() && ((regex.charAt(j) >= 'A' && regex.charAt(j) <= 'Z') || regex.charAt(j) == '_')) {
                j++;
            }
            if (j > i + 2 && regex.startsWith("}}", j)) {
                return true;
            }
        }
        return false;
    }

    static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("detectors.yaml " + where + ": invalid regex: " + e.getDescription());
        }
    }

    private static String required(Map<String, Object> row, String field, String id) {
        Object v = row.get(field);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new IllegalArgumentException("detectors.yaml " + id + ": " + field + " is required");
        }
        return String.valueOf(v);
    }

    private static double number(Object v, double fallback) {
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    private static List<?> list(Object v) {
        return v instanceof List<?> l ? l : List.of();
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        for (Object o : list(v)) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
