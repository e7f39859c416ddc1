package io.agentsafety.commands.analysis;

import java.util.List;

/**
 * What flows on a pipe or into a command substitution: known text, a download (the URL), something that cannot be
 * computed statically (with the producing command), or nothing.
 */
public record Content(Kind kind, String text, String source, Reach reach) {

    public enum Kind { NONE, TEXT, DOWNLOAD, FILE, UNKNOWN }

    /**
     * Which paths under the roots of a {@link #pathsUnder} content come out: the entries of each root ({@code ls}),
     * every file of the whole tree ({@code find .} with no narrowing test), only some matches ({@code find . -name X}),
     * or the roots themselves ({@code ls -d src build}).
     */
    public enum Reach { ENTRIES, TREE, MATCHES, ITSELF }

    public Content(Kind kind, String text, String source) {
        this(kind, text, source, Reach.ENTRIES);
    }

    public static final Content NONE = new Content(Kind.NONE, null, null);

    public static Content text(String text) {
        return new Content(Kind.TEXT, text, null);
    }

    public static Content download(String url) {
        return new Content(Kind.DOWNLOAD, null, url);
    }

    /** The contents of a named file: not visible to a static analysis, but not attacker-computed either. */
    public static Content file(String path) {
        return new Content(Kind.FILE, null, path);
    }

    /** Output of {@code find ROOTS...}: unknown paths, all under these roots (one per line in {@code text}). */
    public static Content pathsUnder(List<String> roots, String source) {
        return new Content(Kind.UNKNOWN, String.join("\n", roots), source);
    }

    /** Output of {@code find ROOTS...} with {@code reach}: whether it lists the whole tree or only some matches. */
    public static Content pathsUnder(List<String> roots, String source, Reach reach) {
        return new Content(Kind.UNKNOWN, String.join("\n", roots), source, reach);
    }

    public static Content unknown(String source) {
        return new Content(Kind.UNKNOWN, null, source);
    }

    /** The paths a {@link #pathsUnder} content lists for {@code root}: the root itself ({@code ls -d}), else its entries. */
    public String entries(String root) {
        return reach == Reach.ITSELF ? root : (root.endsWith("/") ? root : root + "/") + "*";
    }

    /** Roots of a {@link #pathsUnder} content, else empty. */
    public List<String> roots() {
        return kind == Kind.UNKNOWN && text != null ? List.of(text.split("\n")) : List.of();
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }
}
