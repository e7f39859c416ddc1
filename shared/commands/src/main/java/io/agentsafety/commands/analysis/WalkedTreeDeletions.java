package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python loops that walk a whole tree and delete what they walk ({@code for r, d, fs in os.walk('/'): ... os.remove(
 * os.path.join(r, f))}, {@code [p.unlink() for p in Path('/').rglob('*')]}, {@code glob.glob('/srv/**', recursive=True)}):
 * every file under the root is deleted, which is {@code find ROOT -type f -exec rm -f {} +} (with {@code rm -rf} when
 * the loop removes trees), so the fan-out rules judge it like the shell's. The deletion must take a loop variable, so
 * a walk that only reads next to an unrelated {@code os.remove('out.txt')} is not one. A root that is not a literal is
 * reported unresolved, unless the code made it as a temporary directory. Separate from CodeAnalyzer: it runs only when
 * the code names a walk.
 */
final class WalkedTreeDeletions {

    private static final LiteralGate MAY_WALK = LiteralGate.anyOf("walk(", "rglob(", "recursive");

    /** {@code for VARS in} a walking call, the root argument starting at the match's end. */
    private static final Pattern WALK = Pattern.compile(
        "\\bfor\\s+\\(?\\s*(\\w+(?:\\s*,\\s*\\w+)*)\\s*\\)?\\s+in\\s+(?:os\\.walk\\s*\\(\\s*|glob\\.i?glob\\s*\\(\\s*(?=[^)\\n]{0,300}recursive\\s*=\\s*True)"
            // Path(ROOT).rglob(...), made 'ROOT'.rglob(...) by ConstantFolder when ROOT is a literal
            + "|(?:pathlib\\.)?Path\\s*\\(\\s*(?=[^)\\n]{0,300}\\)\\s*\\.rglob\\s*\\()|(?=(?:pathlib\\.)?Path\\.home\\(\\s*\\)\\s*\\.rglob\\s*\\()|(?=(?:'[^'\\n]*'|\"[^\"\\n]*\")\\s*\\.rglob\\s*\\())");

    /**
     * Java's stream walk ({@code Files.walk(Path.of("/")).sorted(reverseOrder()).forEach(p -> p.toFile().delete())},
     * as jshell, Kotlin or JBang scripts write it): the root argument starts at the match's end; the statement up to its
     * {@code ;} must delete what it walks and not filter it.
     */
    private static final Pattern JAVA_WALK = Pattern.compile(
        "\\bFiles\\.walk\\s*\\(\\s*(?:(?:java\\.nio\\.file\\.)?(?:Path\\.of|Paths\\.get)\\s*\\(\\s*)?");
    private static final Pattern JAVA_DELETE = Pattern.compile(
        "\\.forEach\\s*[({][^;]{0,400}?(?:\\.delete\\s*\\(|::\\s*delete(?:IfExists)?\\b|Files\\.delete(?:IfExists)?\\s*\\()");

    private WalkedTreeDeletions() {
    }

    static void add(String code, Map<String, String> assignments, List<String> shell, List<String> unresolved) {
        if (!MAY_WALK.mayMatch(code)) {
            return;
        }
        addJavaWalks(code, assignments, shell, unresolved);
        Matcher walk = WALK.matcher(code);
        while (walk.find() && shell.size() + unresolved.size() < 64) {
            List<String> vars = new ArrayList<>();
            for (String v : walk.group(1).split(",")) {
                vars.add(v.trim());
            }
            String deleting = deletingCall(code, vars);
            if (deleting == null) {
                continue;
            }
            Literals.Value root = Literals.argument(code, walk.end(), assignments);
            if (root == null) {
                continue;
            }
            if (narrowed(code, walk, root)) {
                continue; // only some names (rglob('*.pyc'), f.endswith('.log')): like find -name PATTERN -delete
            }
            String program = deleting.contains("rmtree") || deleting.contains("rmdir") ? "rm -rf" : "rm -f";
            if (root.text() != null) {
                String dir = root.text().isEmpty() ? "." : stripGlob(root.text());
                shell.add("find " + Quoting.quote(dir) + " -type f -exec " + program + " {} +");
            } else if (!CodeAnalyzer.temporary(code, root.source())) {
                unresolved.add("a walked tree is deleted at a path that is not a literal: " + Interpreter.abbreviate(root.source()));
            }
        }
    }

    private static void addJavaWalks(String code, Map<String, String> assignments, List<String> shell, List<String> unresolved) {
        Matcher walk = JAVA_WALK.matcher(code);
        while (walk.find() && shell.size() + unresolved.size() < 64) {
            int end = code.indexOf(';', walk.end());
            String statement = code.substring(walk.end(), end < 0 ? code.length() : end);
            if (!JAVA_DELETE.matcher(statement).find() || statement.contains(".filter(")) {
                continue; // a walk that only reads, or deletes some names (filter(p -> p.toString().endsWith(".class")))
            }
            Literals.Value root = Literals.argument(code, walk.end(), assignments);
            if (root == null) {
                continue;
            }
            if (root.text() != null) {
                shell.add("find " + Quoting.quote(root.text().isEmpty() ? "." : root.text()) + " -type f -exec rm -rf {} +");
            } else if (!CodeAnalyzer.temporary(code, root.source())) {
                unresolved.add("a walked tree is deleted at a path that is not a literal: " + Interpreter.abbreviate(root.source()));
            }
        }
    }

    /** The deleting call that takes one of the loop's variables ({@code os.remove(os.path.join(r, f))}, {@code p.unlink()}), or null. */
    private static String deletingCall(String code, List<String> vars) {
        for (String var : vars) {
            String v = Pattern.quote(var);
            Matcher m = Pattern.compile("(?:shutil\\.rmtree|os\\.(?:remove|unlink|rmdir))\\s*\\(\\s*(?:os\\.path\\.join\\s*\\(\\s*)?"
                + "(?:(?:pathlib\\.)?Path\\s*\\(\\s*)?" + v + "\\b|\\b" + v + "\\s*\\.\\s*(?:unlink|rmdir)\\s*\\(").matcher(code);
            if (m.find()) {
                return m.group();
            }
        }
        return null;
    }

    private static final Pattern NAME_TEST = Pattern.compile("\\.endswith\\s*\\(|\\bfnmatch|\\.suffix\\b|\\.startswith\\s*\\(|\\bre\\.(?:match|search|fullmatch)\\s*\\(");
    private static final Pattern RGLOB = Pattern.compile("\\.rglob\\s*\\(\\s*");

    /**
     * Whether the walk only deletes some names: an rglob or recursive glob pattern that is more than {@code *}, or an
     * os.walk loop whose code tests the names.
     */
    private static boolean narrowed(String code, Matcher walk, Literals.Value root) {
        if (walk.group().contains("os.walk")) {
            return NAME_TEST.matcher(code).find();
        }
        String pattern;
        Matcher rglob = RGLOB.matcher(code);
        if (rglob.find(walk.end())) {
            Literals.Value p = Literals.argument(code, rglob.end(), Map.of());
            pattern = p == null ? null : p.text();
        } else {
            pattern = root.text() == null ? null : root.text().substring(root.text().lastIndexOf('/') + 1);
        }
        return pattern != null && !pattern.equals("*") && !pattern.equals("**") && !pattern.equals("**/*");
    }

    /** glob.glob('/srv/**', recursive=True) walks /srv. */
    private static String stripGlob(String root) {
        int star = root.indexOf('*');
        if (star < 0) {
            return root;
        }
        String dir = root.substring(0, star);
        return dir.isEmpty() ? "." : dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}
