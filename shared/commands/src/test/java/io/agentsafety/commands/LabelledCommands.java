package io.agentsafety.commands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our labelled command files under {@code corpus/}: one command per line, four tab-separated fields
 * {@code block|allow  family  cwd|-  command}; blank lines and {@code #} comments skipped. Each file's way of writing
 * a newline inside a command is its own, so the caller says how to decode the command field.
 */
final class LabelledCommands {

    /** {@code block}: the command must be denied or sent for approval; {@code cwd} null when the file says "-". */
    record Row(boolean block, String family, String cwd, String command) {
    }

    private LabelledCommands() {
    }

    static List<Row> read(String file, UnaryOperator<String> decodeCommand) throws IOException {
        try (InputStream in = LabelledCommands.class.getResourceAsStream("/io/agentsafety/commands/corpus/" + file)) {
            assertNotNull(in, "corpus/" + file + " on the test classpath");
            List<Row> rows = new ArrayList<>();
            for (String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (raw.isBlank() || raw.startsWith("#")) {
                    continue;
                }
                String[] f = raw.split("\t", 4);
                assertEquals(4, f.length, "four tab-separated fields: " + raw);
                assertTrue(f[0].equals("block") || f[0].equals("allow"), "expected is block or allow: " + raw);
                rows.add(new Row(f[0].equals("block"), f[1], f[2].equals("-") ? null : f[2], decodeCommand.apply(f[3])));
            }
            return rows;
        }
    }
}
