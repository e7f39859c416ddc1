package io.agentsafety.commands.analysis;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The small command languages of programs that run commands ({@code ex}, {@code ed}, {@code gdb}, {@code sqlite}
 * dot-commands, {@code psql} meta-commands, Tcl, sed, makefiles, Emacs Lisp...), as data: each language is a list
 * of RE2 patterns (linear time) whose group 1 is a piece of code to analyse in another language, usually the shell.
 */
final class ScriptLanguages {

    /** Languages the interpreter handles itself rather than by patterns. */
    static final Set<String> BUILT_IN = Set.of("shell", "argv", "shell-rest", "argv-rest", "strings", "unresolved",
        "python", "perl", "ruby", "node", "php", "awk", "groovy", "script_file", "expanded");

    /** A piece found in a script: {@code text} to analyse {@code as} a language (see {@link #BUILT_IN}). */
    record Piece(String as, String text) {
    }

    private record Extractor(Pattern pattern, String as, String unescape, String prefix) {
    }

    private static final int MAX_PIECES = 32;
    private final Map<String, List<Extractor>> languages = new HashMap<>();
    /** Per language, whole-script patterns saying its unknown parts (shown {@code ${?}}) sit only where data goes. */
    private final Map<String, List<Pattern>> dataOnly = new HashMap<>();

    ScriptLanguages(Map<String, Object> table) {
        table.forEach((name, value) -> {
            String where = "runners.yaml languages." + name;
            Map<String, Object> spec = YamlData.map(value, where, Set.of("extract", "data_only"));
            if (spec.get("data_only") != null) {
                List<Pattern> patterns = new ArrayList<>();
                for (Object p : YamlData.list(spec.get("data_only"), where + ".data_only")) {
                    patterns.add(Pattern.compile(YamlData.string(p, where + ".data_only[]", true)));
                }
                dataOnly.put(name, patterns);
            }
            List<Extractor> extractors = new ArrayList<>();
            for (Object item : YamlData.list(spec.get("extract"), where + ".extract")) {
                Map<String, Object> e = YamlData.map(item, where + ".extract[]", Set.of("pattern", "as", "unescape", "prefix"));
                String pattern = YamlData.string(e.get("pattern"), where + ".pattern", true);
                Pattern compiled = Pattern.compile(pattern);
                if (compiled.groupCount() != 1) {
                    throw new IllegalStateException(where + ": pattern must have exactly one capturing group: " + pattern);
                }
                String unescape = YamlData.string(e.get("unescape"), where + ".unescape", false);
                if (unescape != null && !unescape.equals("c") && !unescape.equals("make")) {
                    throw new IllegalStateException(where + ": unescape must be c or make");
                }
                extractors.add(new Extractor(compiled, YamlData.string(e.get("as"), where + ".as", true), unescape,
                    YamlData.string(e.get("prefix"), where + ".prefix", false)));
            }
            languages.put(name, extractors);
        });
        languages.forEach((name, extractors) -> extractors.forEach(e -> {
            if (!known(e.as())) {
                throw new IllegalStateException("runners.yaml languages." + name + ": unknown language '" + e.as() + "'");
            }
        }));
    }

    boolean known(String language) {
        return BUILT_IN.contains(language) || languages.containsKey(language);
    }

    boolean isData(String language) {
        return languages.containsKey(language);
    }

    /**
     * True when a script of {@code language} that is not static ({@code display} shows each unknown part as
     * {@code ${?}}) holds its unknown parts only where the language's {@code data_only} patterns say data goes.
     */
    boolean unknownPartsAreData(String language, String display) {
        for (Pattern p : dataOnly.getOrDefault(language, List.of())) {
            if (p.matches(display)) {
                return true;
            }
        }
        return false;
    }

    /** The pieces of {@code text} (a script in a data language) that are code in another language. */
    List<Piece> extract(String language, String text) {
        List<Piece> out = new ArrayList<>();
        for (Extractor extractor : languages.getOrDefault(language, List.of())) {
            Matcher m = extractor.pattern().matcher(text);
            while (m.find() && out.size() < MAX_PIECES) {
                String piece = m.group(1);
                if (piece == null) {
                    continue;
                }
                if (extractor.unescape() != null) {
                    piece = extractor.unescape().equals("c") ? unescapeC(piece) : unescapeMake(piece);
                }
                out.add(new Piece(extractor.as(), extractor.prefix() == null ? piece : extractor.prefix() + piece));
                if (m.end() == m.start()) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * A recipe line as make hands it to the shell: {@code $$} is {@code $}, and a reference to a variable the makefile
     * may not set ({@code $(HOME)}, {@code ${DIR}}: make passes the environment through) becomes the shell's
     * {@code ${NAME}}, so {@code rm -rf $(HOME)/*} reads as {@code rm -rf ${HOME}/*} rather than a command substitution.
     */
    static String unescapeMake(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                sb.append('$');
                i++;
                continue;
            }
            if (c == '$' && i + 1 < text.length() && (text.charAt(i + 1) == '(' || text.charAt(i + 1) == '{')) {
                char close = text.charAt(i + 1) == '(' ? ')' : '}';
                int j = i + 2;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                if (j > i + 2 && j < text.length() && text.charAt(j) == close) {
                    sb.append("${").append(text, i + 2, j).append('}');
                    i = j;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String unescapeC(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(++i);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
