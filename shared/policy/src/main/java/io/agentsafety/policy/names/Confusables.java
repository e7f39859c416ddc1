package io.agentsafety.policy.names;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * The confusables table ({@code confusables.txt} next to this package's resources: a hand-compiled subset
 * of Unicode TS #39's confusables.txt, its header says which): code point → the lower-case ASCII it looks
 * like. Targets are resolved through the table once more at load, so a skeleton is a fixpoint ("М" → "m"
 * → "rn" like "m" itself).
 */
final class Confusables {

    private static final String RESOURCE = "/io/agentsafety/policy/confusables.txt";

    private final Map<Integer, String> table;
    /** Non-ASCII sources → their row's own target, unresolved (for reading text as ASCII, where "m" stays "m"). */
    private final Map<Integer, String> direct;

    private Confusables(Map<Integer, String> table, Map<Integer, String> direct) {
        this.table = table;
        this.direct = direct;
    }

    static Confusables load() {
        Map<Integer, String> raw = new HashMap<>();
        try (InputStream in = Confusables.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                int hash = line.indexOf('#');
                String row = (hash < 0 ? line : line.substring(0, hash)).trim();
                if (row.isEmpty()) {
                    continue;
                }
                String[] parts = row.split("\\s+");
                if (parts.length != 2 || !parts[1].matches("[a-z0-9.\\-]+")) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": expected '<hex> <ascii target>'");
                }
                int source = Integer.parseInt(parts[0], 16);
                String text = new String(Character.toChars(source));
                if (!Normalizer.normalize(text, Normalizer.Form.NFKC).equals(text)
                    || !Normalizer.normalize(text, Normalizer.Form.NFD).equals(text)) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": the source is changed by NFKC/NFD, the row could never apply");
                }
                if (raw.put(source, parts[1]) != null) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": duplicate source " + parts[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, String> resolved = new HashMap<>();
        raw.forEach((source, target) -> resolved.put(source, resolve(raw, target)));
        Map<Integer, String> direct = new HashMap<>();
        raw.forEach((source, target) -> {
            if (source > 0x7F) {
                direct.put(source, target);
            }
        });
        return new Confusables(Map.copyOf(resolved), Map.copyOf(direct));
    }

    private static String resolve(Map<Integer, String> raw, String target) {
        StringBuilder out = new StringBuilder();
        target.codePoints().forEach(c -> out.append(raw.getOrDefault(c, Character.toString(c))));
        String once = out.toString();
        if (!once.equals(target) && !resolve(raw, once).equals(once)) {
            throw new IllegalStateException(RESOURCE + ": the mapping to '" + target + "' does not settle in one step");
        }
        return once;
    }

    /** The ASCII look-alike of one code point, or null when it has none in the table. */
    String map(int codePoint) {
        return table.get(codePoint);
    }

    /** The ASCII a non-ASCII code point is drawn like (its row's target, not resolved further), or null. */
    String ascii(int codePoint) {
        return direct.get(codePoint);
    }

    int size() {
        return table.size();
    }
}
