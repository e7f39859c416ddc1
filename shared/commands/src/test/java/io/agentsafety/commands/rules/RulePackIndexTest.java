package io.agentsafety.commands.rules;

import io.agentsafety.commands.analysis.ShellKnowledge;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The build's tool-name index is used only for the pack texts it was made from: otherwise every pack is loaded. */
class RulePackIndexTest {

    @Test
    void theIndexOfThisBuildServesTheBuiltInPacks() {
        RuleSet lazy = RulePackIndex.builtins(ShellKnowledge.builtIn().wrapperValueOptions(), RulePackLoader.builtinFiles());
        assertNotNull(lazy, "the build wrote the index of these packs");
        RulePackLoader eager = new RulePackLoader();
        eager.loadBuiltins();
        RuleSet all = eager.build();
        assertEquals(all.commandNames(), lazy.commandNames());
        for (String command : all.commandNames()) {
            assertEquals(all.valueOptions(command), lazy.valueOptions(command), command);
        }
        assertEquals(all.rules().stream().map(RulePackIndexTest::identity).toList(),
            lazy.rules().stream().map(RulePackIndexTest::identity).toList(), "the same rules, in the same order");
    }

    /** A rule's data (its {@link Condition} has no equality of its own; its names stand for it). */
    private static List<Object> identity(Rule rule) {
        return List.of(rule.id(), rule.pack(), rule.description(), rule.severity(), rule.verdict(), rule.commands(),
            rule.matchExamples(), rule.notMatchExamples());
    }

    @Test
    void packsInAnotherOrderOrAnotherListAreLoadedThemselves() {
        List<String> files = new ArrayList<>(RulePackLoader.builtinFiles());
        Collections.reverse(files);
        assertNull(RulePackIndex.builtins(ShellKnowledge.builtIn().wrapperValueOptions(), files));
        assertNull(RulePackIndex.builtins(ShellKnowledge.builtIn().wrapperValueOptions(), files.subList(1, files.size())));
    }
}
