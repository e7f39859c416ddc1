package io.agentsafety.commands.analysis;

import io.agentsafety.commands.shell.AnsiC;

import java.util.List;

/** The simple forms of {@code tr}: {@code tr SET1 SET2} (e.g. rot13) and {@code tr -d SET}; null for anything else. */
final class Tr {

    private Tr() {
    }

    static String apply(List<Arg> args, String text) {
        boolean delete = false;
        int i = 0;
        while (i < args.size() && args.get(i).isFlag()) {
            if (args.get(i).text().equals("-d")) {
                delete = true;
            } else {
                return null;
            }
            i++;
        }
        List<Arg> sets = args.subList(i, args.size());
        if (sets.isEmpty() || sets.stream().anyMatch(a -> !a.exact())) {
            return null;
        }
        String set1 = expand(sets.get(0).text());
        if (set1 == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        if (delete) {
            for (char c : text.toCharArray()) {
                if (set1.indexOf(c) < 0) {
                    out.append(c);
                }
            }
            return out.toString();
        }
        if (sets.size() != 2) {
            return null;
        }
        String set2 = expand(sets.get(1).text());
        if (set2 == null || set2.isEmpty()) {
            return null;
        }
        for (char c : text.toCharArray()) {
            int k = set1.indexOf(c);
            out.append(k < 0 ? c : set2.charAt(Math.min(k, set2.length() - 1)));
        }
        return out.toString();
    }

    /** Expands ranges such as {@code a-z} and escapes; null for classes like {@code [:alpha:]}. */
    private static String expand(String set) {
        if (set.contains("[:") || set.contains("[=") || set.length() > 512) {
            return null;
        }
        String s = AnsiC.unescapeAll(set);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i + 2 < s.length() && s.charAt(i + 1) == '-' && s.charAt(i + 2) >= c) {
                for (char x = c; x <= s.charAt(i + 2); x++) {
                    out.append(x);
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
