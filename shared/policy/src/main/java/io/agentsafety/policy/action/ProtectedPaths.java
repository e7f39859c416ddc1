package io.agentsafety.policy.action;

import io.agentsafety.commands.Glob;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether deleting a path would touch a protected location. Paths are normalized lexically
 * ({@code /tmp/../etc} is {@code /etc}; {@code $HOME} and {@code ~user} count as home). A path is
 * protected when it matches a protected glob, or when it is an ancestor of one (deleting {@code /usr}
 * deletes {@code /usr/bin}). Wildcards in the path itself match anything ({@code /*} touches {@code /etc}).
 */
public final class ProtectedPaths {

    /** A normalized path: whether it is anchored at / or ~ (or relative), and its segments. */
    public record NormalizedPath(String anchor, List<String> segments, boolean escapesBase) {

        public String display() {
            String joined = String.join("/", segments);
            return switch (anchor) {
                case "/" -> "/" + joined;
                case "~" -> joined.isEmpty() ? "~" : "~/" + joined;
                default -> joined.isEmpty() ? "." : joined;
            };
        }
    }

    private record PathGlob(String anchor, List<String> segments, String source) {
    }

    private final List<PathGlob> globs = new ArrayList<>();

    public ProtectedPaths(List<String> patterns) {
        for (String pattern : patterns) {
            if (pattern == null || pattern.isBlank()) {
                continue;
            }
            NormalizedPath path = normalize(pattern.trim(), null);
            // A pattern without an anchor ("**/.git", ".git") applies at any depth.
            String anchor = path.anchor().equals(".") ? "*" : path.anchor();
            globs.add(new PathGlob(anchor, path.segments(), pattern.trim()));
        }
    }

    /** The glob that protects this path, or null. */
    public String protectingGlob(NormalizedPath path) {
        for (PathGlob glob : globs) {
            if (matches(glob, path)) {
                return glob.source();
            }
        }
        return null;
    }

    private static boolean matches(PathGlob glob, NormalizedPath path) {
        if (glob.anchor().equals("*")) {
            // Unanchored: the pattern may start at any segment of the path.
            for (int start = 0; start <= path.segments().size(); start++) {
                if (matchSegments(glob.segments(), 0, path.segments(), start, false)) {
                    return true;
                }
            }
            return false;
        }
        if (!glob.anchor().equals(path.anchor())) {
            return false;
        }
        return matchSegments(glob.segments(), 0, path.segments(), 0, true);
    }

    /**
     * Segment-wise glob match. With {@code ancestorCounts}, a path that ends while the literal part of
     * the pattern continues (no {@code **} crossed) is an ancestor of a protected path, hence protected.
     */
    private static boolean matchSegments(List<String> pattern, int p, List<String> path, int s, boolean ancestorCounts) {
        while (true) {
            if (p == pattern.size()) {
                return s == path.size();
            }
            String segment = pattern.get(p);
            if (segment.equals("**")) {
                for (int skip = s; skip <= path.size(); skip++) {
                    if (matchSegments(pattern, p + 1, path, skip, false)) {
                        return true;
                    }
                }
                return false;
            }
            if (s == path.size()) {
                return ancestorCounts;
            }
            String actual = path.get(s);
            if (actual.equals("**")) {
                return true;
            }
            if (!segmentMatches(segment, actual)) {
                return false;
            }
            p++;
            s++;
        }
    }

    /**
     * Either side may hold wildcards ({@code *}, {@code ?}, {@code [...]}, the one matcher {@link Glob}): a wildcard
     * in the path may expand to the protected name ({@code /e[t]c}, {@code /e*}).
     */
    private static boolean segmentMatches(String pattern, String actual) {
        if (hasWildcard(actual)) {
            return Glob.matches(actual, pattern) || Glob.matches(pattern, actual) || actual.equals("*");
        }
        return Glob.matches(pattern, actual);
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /**
     * Normalizes a path lexically. {@code base} (an already normalized absolute or home path) anchors
     * relative paths; without it they stay relative. {@code ..} above the anchor is flagged.
     */
    public static NormalizedPath normalize(String raw, NormalizedPath base) {
        String path = raw.replace('\\', '/');
        String anchor;
        if (path.startsWith("$HOME") || path.startsWith("${HOME}")) {
            path = "~" + path.substring(path.startsWith("$HOME") ? 5 : 7);
        }
        List<String> segments = new ArrayList<>();
        if (path.startsWith("/")) {
            anchor = "/";
        } else if (path.startsWith("~")) {
            anchor = "~";
            int slash = path.indexOf('/');
            path = slash < 0 ? "" : path.substring(slash + 1); // ~user is treated as a home directory too
        } else if (base != null) {
            anchor = base.anchor();
            segments.addAll(base.segments());
        } else {
            anchor = ".";
        }
        boolean escapes = false;
        for (String segment : path.split("/+")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    escapes = !anchor.equals("/"); // "/.." is "/"; "../x" from an unknown base is unknown
                } else {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(segment);
        }
        return new NormalizedPath(anchor, List.copyOf(segments), escapes);
    }
}
