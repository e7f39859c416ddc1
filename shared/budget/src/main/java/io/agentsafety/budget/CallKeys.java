package io.agentsafety.budget;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The 128-bit random part of a keyless call's idempotency key ({@link KeylessCalls}), per thread and without a lock.
 * Why not {@code SecureRandom.nextBytes} per call: on Linux that is NativePRNG, one global lock and a SHA1 mix per call
 * (~1 us on one thread, measured, and serialised across threads).
 * <p>
 * Why this is as unguessable: each thread holds a 128-bit AES key drawn once from {@link SecureRandom} and a counter
 * that starts at a random 128-bit value; a call's key is AES of the next counter block. AES under a secret key is a
 * pseudo-random permutation, so its outputs for distinct blocks cannot be told from random, and seeing any number of
 * them (a 503 names its key to the caller) reveals nothing of the AES key or of other callers' keys. Within a thread
 * keys never repeat (distinct blocks, one key); across threads and instances they collide only if two random
 * 128-bit values do.
 * <p>
 * A checkpoint (SnapStart, CRaC) would copy every thread's AES key and counter into each restored instance, which would
 * then hand out the same keys: {@link #reseed} (called after restore by {@link CallKeysReseed}) makes every thread draw
 * a new key and counter before its next use.
 */
final class CallKeys {

    private static final SecureRandom SEEDS = new SecureRandom();
    /** Bumped by {@link #reseed}: a thread's source of an older generation is replaced before use. */
    private static volatile int generation;

    private static final ThreadLocal<Source> SOURCE = new ThreadLocal<>();

    private CallKeys() {
    }

    /** 16 fresh unguessable bytes. */
    static byte[] next() {
        Source source = SOURCE.get();
        int current = generation;
        if (source == null || source.generation != current) {
            source = new Source(current);
            SOURCE.set(source);
        }
        return source.next();
    }

    /** Every thread draws a new AES key and counter before its next key (after a restore from a snapshot). */
    static void reseed() {
        generation++;
    }

    private static final class Source {
        private final int generation;
        private final Cipher cipher;
        private long high;
        private long low;
        private final byte[] block = new byte[16];

        Source(int generation) {
            this.generation = generation;
            byte[] seed = new byte[32];
            SEEDS.nextBytes(seed);
            try {
                cipher = Cipher.getInstance("AES/ECB/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, 16, "AES"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES is part of every Java runtime", e);
            }
            for (int i = 16; i < 24; i++) {
                high = high << 8 | (seed[i] & 0xff);
                low = low << 8 | (seed[i + 8] & 0xff);
            }
        }

        byte[] next() {
            // a 128-bit counter: wraps only after 2^128 keys
            if (++low == 0) {
                high++;
            }
            for (int i = 0; i < 8; i++) {
                block[i] = (byte) (high >>> (56 - 8 * i));
                block[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
            try {
                return cipher.doFinal(block);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES of one block cannot fail", e);
            }
        }
    }
}
