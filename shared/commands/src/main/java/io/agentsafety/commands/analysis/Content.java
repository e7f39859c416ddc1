package io.agentsafety.commands.analysis;

import java.util.List;

/**
 * What flows on a pipe or into a command substitution: known text, a download (the URL), something that cannot be
 * computed statically (with the producing command), or nothing.
 */
public record Content(Kind kind, String text, String source) {

    public enum Kind { NONE, TEXT, DOWNLOAD, FILE, UNKNOWN }

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

    public static Content unknown(String source) {
        return new Content(Kind.UNKNOWN, null, source);
    }

    /** Roots of a {@link #pathsUnder} content, else empty. */
    public List<String> roots() {
        return kind == Kind.UNKNOWN && text != null ? List.of(text.split("\n")) : List.of();
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }
}
