package io.agentsafety.commands.analysis;

/**
 * The string operators of parameter expansion on a known value: {@code ${x#p} ${x%p} ${x/p/r} ${x:o:l}
 * ${x^^} ${x,,}}. Prefix and suffix removal understand globs; other glob patterns make the result unknown (null).
 */
final class PatternOps {

    private PatternOps() {
    }

    /**
     * Removes the shortest (# %) or longest (## %%) prefix or suffix matching {@code LIT*} or {@code *LIT}, the forms
     * scripts use ({@code ${HOME%/x}} with x = *, {@code ${f##*.}}), in linear time; other globs stay unknown (null).
     */
    private static String globTrim(String op, String value, String pattern) {
        boolean leadingStar = pattern.startsWith("*");
        String lit = leadingStar ? pattern.substring(1) : pattern.substring(0, pattern.length() - 1);
        if (!(leadingStar || pattern.endsWith("*")) || lit.isEmpty() || Globs.hasGlob(lit)) {
            return null;
        }
        boolean prefix = op.startsWith("#");
        boolean longest = op.length() == 2;
        if (prefix && leadingStar) {
            int at = longest ? value.lastIndexOf(lit) : value.indexOf(lit);
            return at < 0 ? value : value.substring(at + lit.length());
        }
        if (!prefix && !leadingStar) {
            int at = longest ? value.indexOf(lit) : value.lastIndexOf(lit);
            return at < 0 ? value : value.substring(0, at);
        }
        if (prefix) {
            return !value.startsWith(lit) ? value : longest ? "" : value.substring(lit.length());
        }
        return !value.endsWith(lit) ? value : longest ? "" : value.substring(0, value.length() - lit.length());
    }

    static String apply(String op, String value, Arg arg) {
        String operand = arg == null ? "" : arg.text();
        if (arg != null && !arg.exact()) {
            return null;
        }
        switch (op) {
            case "^^":
                return value.toUpperCase(java.util.Locale.ROOT);
            case ",,":
                return value.toLowerCase(java.util.Locale.ROOT);
            case "length":
                return String.valueOf(value.length());
            case "#", "##":
                if (Globs.hasGlob(operand)) {
                    return globTrim(op, value, operand);
                }
                return value.startsWith(operand) ? value.substring(operand.length()) : value;
            case "%", "%%":
                if (Globs.hasGlob(operand)) {
                    return globTrim(op, value, operand);
                }
                return value.endsWith(operand) ? value.substring(0, value.length() - operand.length()) : value;
            case "/", "//": {
                int slash = operand.indexOf('/');
                String pattern = slash < 0 ? operand : operand.substring(0, slash);
                String replacement = slash < 0 ? "" : operand.substring(slash + 1);
                if (Globs.hasGlob(pattern) || pattern.isEmpty()) {
                    return null;
                }
                return op.equals("//") ? value.replace(pattern, replacement) : value.replaceFirst(
                    java.util.regex.Pattern.quote(pattern), java.util.regex.Matcher.quoteReplacement(replacement));
            }
            case ":": {
                String[] bounds = operand.split(":", 2);
                try {
                    int offset = Integer.parseInt(bounds[0].trim());
                    if (offset < 0) {
                        offset = Math.max(0, value.length() + offset);
                    }
                    offset = Math.min(offset, value.length());
                    if (bounds.length == 1) {
                        return value.substring(offset);
                    }
                    int length = Integer.parseInt(bounds[1].trim());
                    int end = length < 0 ? value.length() + length : Math.min(value.length(), offset + length);
                    return end < offset ? null : value.substring(offset, end);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            default:
                return null;
        }
    }
}
