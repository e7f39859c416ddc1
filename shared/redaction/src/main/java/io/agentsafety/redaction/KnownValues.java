package io.agentsafety.redaction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known secret values (process env secrets, or one request's {@code extra_secrets} and {@code env}) in
 * every form they travel in ({@link SecretValues}), matched exactly in one pass of a
 * {@link SparseAutomaton}: memory and time are linear in the total length of the forms.
 */
final class KnownValues {

    private final List<SecretValues.Literal> literals;
    private final SparseAutomaton automaton;

    private KnownValues(List<SecretValues.Literal> literals) {
        this.literals = literals;
        this.automaton = SparseAutomaton.build(literals.stream().map(SecretValues.Literal::form).toList(), false);
    }

    /** Null when there is nothing to look for. */
    static KnownValues of(List<SecretValues.Literal> literals) {
        if (literals.isEmpty()) {
            return null;
        }
        Map<String, SecretValues.Literal> distinct = new LinkedHashMap<>();
        for (SecretValues.Literal l : literals) {
            distinct.putIfAbsent(l.form(), l);
        }
        return new KnownValues(List.copyOf(distinct.values()));
    }

    /**
     * The request's values ({@code extra_secrets[i]}, {@code env.<name>}) of at least {@code minLength}
     * characters; null when there are none. The caller bounds their total size
     * ({@link RedactionLimits#maxKnownValueBytes()}).
     */
    static KnownValues ofRequest(RedactionOptions options, int minLength, RedactionLimits limits) {
        if (options.extraSecrets().isEmpty() && options.env().isEmpty()) {
            return null;
        }
        long bytes = 0;
        for (String v : options.extraSecrets()) {
            bytes += SecretValues.utf8Length(v);
        }
        for (String v : options.env().values()) {
            bytes += SecretValues.utf8Length(v);
        }
        if (bytes > limits.maxKnownValueBytes()) {
            throw new RedactionLimitException(RedactionLimitException.Limit.KNOWN_VALUE_BYTES, limits.maxKnownValueBytes());
        }
        List<SecretValues.Literal> all = new java.util.ArrayList<>();
        for (int i = 0; i < options.extraSecrets().size(); i++) {
            String v = options.extraSecrets().get(i);
            if (v != null && v.length() >= minLength) {
                all.addAll(SecretValues.forms(v, Redactor.EXTRA_KIND, "extra_secrets[" + i + "]"));
            }
        }
        for (Map.Entry<String, String> e : options.env().entrySet()) {
            String v = e.getValue();
            if (v != null && v.length() >= minLength) {
                all.addAll(SecretValues.forms(v, Redactor.ENV_KIND, "env." + e.getKey()));
            }
        }
        return of(all);
    }

    int size() {
        return literals.size();
    }

    /** Trie states, for the memory tests: linear in the total length of the forms. */
    int states() {
        return automaton.states();
    }

    /**
     * Adds a finding per occurrence to {@code out}. Overlapping occurrences (a value that repeats inside
     * itself, like {@code abab} in {@code ababab}) are coalesced as they are found, so a text of one
     * repeated value yields one finding instead of one per character.
     */
    void find(CharSequence text, List<Finding> out) {
        int floor = out.size();
        automaton.scanLongest(text, 0, text.length(), (p, s, e) -> {
            SecretValues.Literal l = literals.get(p);
            int start = s;
            String kind = l.kind();
            String source = l.source();
            // ends only grow, so a new occurrence can overlap only the last findings of this pass
            while (out.size() > floor && start < out.get(out.size() - 1).end()) {
                Finding last = out.remove(out.size() - 1);
                if (last.start() < start) {
                    start = last.start();
                    kind = last.kind();
                    source = last.detector();
                }
            }
            out.add(new Finding(kind, start, e, source));
        });
    }
}
