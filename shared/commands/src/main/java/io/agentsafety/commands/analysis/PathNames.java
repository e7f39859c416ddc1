package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The output of the programs that compute path names without touching the disk beyond resolving links:
 * {@code dirname /x} is {@code /}, {@code basename /a/b} is {@code b}, and {@code realpath ~/..} or {@code readlink -f
 * /etc/../} the path collapsed (links are not followed: the analysis has no filesystem, and a collapsed path names
 * what the command line names). So {@code rm -rf "$(dirname /x)"} is {@code rm -rf /}. A relative path with the
 * directory unknown, an unknown part or an option this reading does not know gives unknown output.
 */
final class PathNames {

    private PathNames() {
    }

    static Content output(String name, List<Arg> args, String evidence) {
        List<String> operands = new ArrayList<>();
        boolean canonicalize = !name.equals("readlink");
        for (Arg arg : args) {
            String text = arg.text();
            if (!arg.exact()) {
                return Content.unknown(evidence);
            }
            if (text.startsWith("-") && text.length() > 1) {
                // readlink prints a link's target unless asked to canonicalize; other options change the output's form
                if (name.equals("readlink") && (text.equals("-f") || text.equals("-e") || text.equals("-m")
                    || text.equals("--canonicalize") || text.equals("--canonicalize-existing") || text.equals("--canonicalize-missing"))) {
                    canonicalize = true;
                    continue;
                }
                return Content.unknown(evidence);
            }
            operands.add(text);
        }
        if (operands.isEmpty() || !canonicalize) {
            return Content.unknown(evidence);
        }
        StringBuilder out = new StringBuilder();
        switch (name) {
            case "dirname" -> operands.forEach(p -> out.append(dirname(p)).append('\n'));
            case "basename" -> {
                if (operands.size() > 2) {
                    return Content.unknown(evidence); // basename -a/-s forms
                }
                String base = basename(operands.get(0));
                if (operands.size() == 2 && base.endsWith(operands.get(1)) && !base.equals(operands.get(1))) {
                    base = base.substring(0, base.length() - operands.get(1).length());
                }
                out.append(base).append('\n');
            }
            default -> {
                for (String p : operands) {
                    if (!p.startsWith("/") && !p.startsWith("~")) {
                        return Content.unknown(evidence); // relative to a directory the analysis may not know
                    }
                    out.append(ArgClasses.collapse(p)).append('\n');
                }
            }
        }
        return Content.text(out.toString());
    }

    /** POSIX dirname: trailing slashes dropped, then the last component; {@code /x} → {@code /}, {@code x} → {@code .}. */
    static String dirname(String path) {
        String p = stripTrailingSlashes(path);
        if (p.equals("/")) {
            return "/";
        }
        int slash = p.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        String dir = stripTrailingSlashes(p.substring(0, slash));
        return dir.isEmpty() ? "/" : dir;
    }

    static String basename(String path) {
        String p = stripTrailingSlashes(path);
        if (p.equals("/")) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String stripTrailingSlashes(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }
}
