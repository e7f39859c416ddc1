package io.agentsafety.commands.shell;

import java.util.List;

/** The syntax tree of a shell script: only what the analysis needs to walk, no execution semantics. */
public sealed interface Node {

    /** A list of commands separated by {@code ; & newline}. */
    record Script(List<Item> items) implements Node {
    }

    /** One element of a list; {@code background} when it was terminated by {@code &}. */
    record Item(Node node, boolean background) {
    }

    /** Pipelines joined by {@code && ||} (which one runs is data dependent, so all are analysed). */
    record AndOr(List<Node> parts) implements Node {
    }

    record Pipeline(List<Node> stages) implements Node {
    }

    record Simple(List<Assignment> assignments, List<Word> words, List<Redirect> redirects) implements Node {
    }

    record Subshell(Script body, List<Redirect> redirects) implements Node {
    }

    record Group(Script body, List<Redirect> redirects) implements Node {
    }

    record FunctionDef(String name, Node body) implements Node {
    }

    /**
     * {@code if/while/until/for/select/case/[[ ]]/(( ))}: the words it evaluates (for-lists, case subject) and
     * the bodies it may run. Conditions are bodies too: they are commands.
     */
    record Compound(String keyword, String variable, List<Word> words, List<Script> bodies,
                    List<Redirect> redirects) implements Node {
    }

    record Assignment(String name, Word value, boolean array) {
    }

    /** A redirection; for heredocs {@code heredoc} holds the body once the parser has read it. */
    record Redirect(int fd, String op, Word target, Heredoc heredoc) {
        public boolean writes() {
            return op.equals(">") || op.equals(">>") || op.equals(">|") || op.equals("&>") || op.equals("&>>")
                || op.equals("<>");
        }
    }

    /** A heredoc body, filled in when the parser reaches the line after the operator. */
    final class Heredoc {
        final String delimiter;
        final boolean stripTabs;
        final boolean quoted;
        String body = "";

        Heredoc(String delimiter, boolean stripTabs, boolean quoted) {
            this.delimiter = delimiter;
            this.stripTabs = stripTabs;
            this.quoted = quoted;
        }

        public String body() {
            return body;
        }

        /** Quoted delimiters ({@code <<'EOF'}) turn off expansion inside the body. */
        public boolean quoted() {
            return quoted;
        }
    }
}
