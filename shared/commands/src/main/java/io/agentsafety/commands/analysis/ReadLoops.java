package io.agentsafety.commands.analysis;

import io.agentsafety.commands.shell.Node;
import io.agentsafety.commands.shell.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code while read -r d; do ...; done <<< "/etc"}: a loop whose condition reads one variable a line at a time from
 * input the analysis knows (a here-string, a here-document, a process substitution's or a pipe's known text) runs its
 * body once per line with the variable set to that line, as a {@code for} loop over the same values would.
 */
final class ReadLoops {

    /** More lines than this are not walked one by one (the loop is then analysed with the variable unknown). */
    static final int MAX_LINES = 8;

    private ReadLoops() {
    }

    /** The one variable a loop condition {@code [IFS=] read [-r] NAME} assigns; null for any other condition. */
    static String variable(Node.Script condition) {
        Node node = single(condition);
        if (!(node instanceof Node.Simple simple) || simple.words().isEmpty()) {
            return null;
        }
        List<Arg> words = new ArrayList<>();
        for (Word word : simple.words()) {
            if (word.literal() == null) {
                return null;
            }
            words.add(Arg.literal(word.literal()));
        }
        if (!words.get(0).text().equals("read")) {
            return null;
        }
        return Builtins.readVariable(words.subList(1, words.size()));
    }

    /** The non-blank lines of known text, trimmed as read trims them with the default IFS; null when unknown or too many. */
    static List<String> knownLines(Content input) {
        if (input == null || !input.isText()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (String line : input.text().split("\n", MAX_LINES + 2)) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines.isEmpty() || lines.size() > MAX_LINES ? null : lines;
    }

    private static Node single(Node.Script script) {
        if (script == null || script.items().size() != 1) {
            return null;
        }
        Node node = script.items().get(0).node();
        while (true) {
            if (node instanceof Node.AndOr andOr && andOr.parts().size() == 1) {
                node = andOr.parts().get(0);
            } else if (node instanceof Node.Pipeline pipeline && pipeline.stages().size() == 1) {
                node = pipeline.stages().get(0);
            } else {
                return node;
            }
        }
    }
}
