package io.agentsafety.commands.analysis;

import io.agentsafety.commands.rules.RulePackLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The prepared form the build writes (process-classes, before these tests) is, for every built-in YAML document the
 * loaders read, exactly the tree SnakeYAML gives for that document with the loader's settings; and it is refused for
 * any other text, so an edited YAML file is never judged by a stale tree.
 */
class PreparedTablesTest {

    private static final List<String> TABLES = List.of(ShellKnowledge.RESOURCE, ShellKnowledge.WRAPPERS,
        CommandRunners.RESOURCE, NetworkTools.RESOURCE, ResourceDeletes.RESOURCE);

    @Test
    void everyTableIsPreparedAsSnakeYamlReadsIt() throws IOException {
        for (String table : TABLES) {
            String text = resource(table);
            Object prepared = PreparedTables.tree(table, text);
            assertNotNull(prepared, table + " has no prepared form");
            assertEquals(YamlData.parse(text, table), prepared, table);
        }
    }

    @Test
    void everyBuiltInPackIsPreparedAsSnakeYamlReadsIt() throws IOException {
        List<String> packs = builtInPacks();
        assertEquals(11, packs.size(), "packs.txt lists " + packs);
        for (String pack : packs) {
            String text = resource(pack);
            Object prepared = PreparedTables.tree(pack, text);
            assertNotNull(prepared, pack + " has no prepared form");
            assertEquals(RulePackLoader.parse(pack, text), prepared, pack);
        }
    }

    @Test
    void anotherTextOrNameGetsNoPreparedTree() throws IOException {
        String text = resource(CommandRunners.RESOURCE);
        assertNull(PreparedTables.tree(CommandRunners.RESOURCE, text + "\n# edited\n"));
        assertNull(PreparedTables.tree(CommandRunners.RESOURCE, text.replaceFirst("[a-z]", "x")));
        assertNull(PreparedTables.tree("io/agentsafety/commands/rules/extra.yaml", text));
    }

    @Test
    void everyCallGetsItsOwnTree() throws IOException {
        String text = resource(NetworkTools.RESOURCE);
        Object first = PreparedTables.tree(NetworkTools.RESOURCE, text);
        Object second = PreparedTables.tree(NetworkTools.RESOURCE, text);
        assertEquals(first, second);
        assertNotSame(first, second);
    }

    private static List<String> builtInPacks() throws IOException {
        List<String> packs = new ArrayList<>();
        for (String line : resource(RulePackLoader.BUILTIN_DIR + "packs.txt").split("\n")) {
            if (!line.isBlank() && !line.trim().startsWith("#")) {
                packs.add(RulePackLoader.BUILTIN_DIR + line.trim());
            }
        }
        return packs;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PreparedTablesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
