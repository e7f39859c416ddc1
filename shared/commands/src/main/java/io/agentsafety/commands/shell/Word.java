package io.agentsafety.commands.shell;

import java.util.List;

/** A shell word as written: literal runs, quotes, parameter expansions and substitutions. */
public record Word(List<Part> parts) {

    public sealed interface Part {
    }

    /** Literal text; {@code quoted} text takes no part in globbing, brace expansion or word splitting. */
    public record Lit(String text, boolean quoted) implements Part {
    }

    /** {@code $name}, {@code ${name}}, {@code ${name:-word}}...; {@code op} is null for a plain reference. */
    public record Param(String name, String op, Word arg, boolean quoted) implements Part {
    }

    /** {@code $( )} or backticks. */
    public record CommandSub(Node.Script body, boolean quoted) implements Part {
    }

    /** {@code <( )} or {@code >( )}. */
    public record ProcessSub(Node.Script body, boolean input) implements Part {
    }

    public record Arithmetic(String expression) implements Part {
    }

    /**
     * An array subscript holding expansions ({@code ${a[$(cmd)]}}, {@code a[$(cmd)]=x}): evaluated as arithmetic, so
     * its command substitutions run, but it adds no text to the word.
     */
    public record Subscript(String expression) implements Part {
    }

    /** A leading {@code ~} or {@code ~user}. */
    public record Tilde(String user) implements Part {
    }

    /** The word's text when it is made of literals only (no expansions), else null. */
    public String literal() {
        if (parts.size() == 1 && parts.get(0) instanceof Lit lit) {
            return lit.text(); // most words: one literal run, no copy (this runs for every word expanded)
        }
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Lit lit) {
                sb.append(lit.text());
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    /** True when the word is a bare unquoted literal (reserved words and function names must be). */
    public boolean isPlain(String text) {
        return parts.size() == 1 && parts.get(0) instanceof Lit lit && !lit.quoted() && lit.text().equals(text);
    }
}
