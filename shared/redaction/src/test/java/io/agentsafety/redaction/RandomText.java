package io.agentsafety.redaction;

import java.util.Random;

/** Seeded random strings for the tests' planted values (random in documented shapes, none real). */
final class RandomText {

    static final String AN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Random random;

    RandomText(long seed) {
        this.random = new Random(seed);
    }

    /** The generator itself, for the other draws a test makes in the same sequence. */
    Random random() {
        return random;
    }

    String pick(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Letters of both cases and digits. */
    String an(int n) {
        return pick(AN, n);
    }
}
