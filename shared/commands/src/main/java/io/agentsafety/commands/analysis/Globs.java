package io.agentsafety.commands.analysis;

import io.agentsafety.commands.Glob;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Globbed command names ({@code /bin/k?ll}) resolved against the names the rules know, with {@link Glob}. */
final class Globs {

    private Globs() {
    }

    static boolean hasGlob(String text) {
        return Glob.hasGlob(text);
    }

    /** At most 8 of {@code names} that {@code pattern} matches. */
    static List<String> matching(String pattern, Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (Glob.matches(pattern, name)) {
                out.add(name);
            }
        }
        return out.size() > 8 ? out.subList(0, 8) : out;
    }
}
