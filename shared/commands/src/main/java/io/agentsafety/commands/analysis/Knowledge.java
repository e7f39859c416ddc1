package io.agentsafety.commands.analysis;

import java.util.Set;

/** What the interpreter needs from the rule packs: option arities, trusted eval sources, known command names. */
public interface Knowledge {

    /** Options of {@code command} that take a separate value (so the value is not a positional word). */
    Set<String> valueOptions(String command);

    /** Whether output of this (normalized) command may be eval'ed without review, e.g. {@code rbenv init -}. */
    boolean trustedGenerator(String evidence);

    /** Command names the rules know, to resolve globbed command names such as {@code /bin/k?ll}. */
    Set<String> commandNames();
}
