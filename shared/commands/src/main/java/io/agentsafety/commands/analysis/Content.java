package io.agentsafety.commands.analysis;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What flows on a pipe or into a command substitution: known text, a download (the URL), something that cannot be
 * computed statically (with the producing command), or nothing.
 * <p>
 * A class with a record's accessors, equality and {@code toString} rather than a record: the source of an unknown
 * output (the producing command's masked evidence) is computed on first use ({@link #unknownOf}). Every simple command
 * has an output, and most outputs are never read: building their evidence was ~6 % of a 900-byte script's analysis.
 */
public final class Content {

    private final Kind kind;
    private final String text;
    private String source;
    /** Computes {@code source} on first use; null once computed (single-threaded: one analysis owns its contents). */
    private Supplier<String> lazySource;
    private final Reach reach;

    public enum Kind { NONE, TEXT, DOWNLOAD, FILE, UNKNOWN }

    /**
     * Which paths under the roots of a {@link #pathsUnder} content come out: the entries of each root ({@code ls}),
     * every file of the whole tree ({@code find .} with no narrowing test), only some matches ({@code find . -name X}),
     * or the roots themselves ({@code ls -d src build}).
     */
    public enum Reach { ENTRIES, TREE, MATCHES, ITSELF }

    public Content(Kind kind, String text, String source, Reach reach) {
        this.kind = kind;
        this.text = text;
        this.source = source;
        this.reach = reach;
    }

    public Content(Kind kind, String text, String source) {
        this(kind, text, source, Reach.ENTRIES);
    }

    private Content(Supplier<String> lazySource) {
        this(Kind.UNKNOWN, null, null, Reach.ENTRIES);
        this.lazySource = lazySource;
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

    /** As {@link #unknown(String)}, the source computed when first read. */
    static Content unknownOf(Supplier<String> source) {
        return new Content(source);
    }

    public Kind kind() {
        return kind;
    }

    public String text() {
        return text;
    }

    public String source() {
        if (lazySource != null) {
            source = lazySource.get();
            lazySource = null;
        }
        return source;
    }

    public Reach reach() {
        return reach;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Content c && kind == c.kind && Objects.equals(text, c.text) && Objects.equals(source(), c.source())
            && reach == c.reach;
    }

    /** As a record's: 31 * h + each component's hash, in order. */
    @Override
    public int hashCode() {
        int h = Objects.hashCode(kind);
        h = 31 * h + Objects.hashCode(text);
        h = 31 * h + Objects.hashCode(source());
        return 31 * h + Objects.hashCode(reach);
    }

    @Override
    public String toString() {
        return "Content[kind=" + kind + ", text=" + text + ", source=" + source() + ", reach=" + reach + "]";
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
