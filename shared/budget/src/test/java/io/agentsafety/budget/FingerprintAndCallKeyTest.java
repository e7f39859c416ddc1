package io.agentsafety.budget;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fingerprints are stored in idempotency records, so their bytes are pinned to values computed outside Java (Python's
 * hashlib over "len:bytes" per part); keyless calls' keys must stay distinct across threads.
 */
class FingerprintAndCallKeyTest {

    @Test
    void fingerprintsKeepTheirStoredForm() {
        assertEquals("6282c92dacb0c8c209743477dab7b1a80c5213e3380b3984829a156e1858b2cb",
            BudgetLedger.fingerprint("spend", "10000", "true", ""));
        // a part of 1,400 UTF-8 bytes: a multi-digit length prefix, non-ASCII text
        assertEquals("94a9cc656f86c215a5ea22928e154975028056dd3a562dc63ea7bc0a1321e9dc",
            BudgetLedger.fingerprint("spend", "10000", "false", "é".repeat(700)));
        assertEquals("f0aa1c055d0c6b57e68a861f8c4e7bc7ef675f543a99c66a90d598bea71a3f0e", BudgetLedger.fingerprint("a|b", "c"));
        assertEquals("03caa3c875c96075e58e247d83f4126849f367803dfa5dc0e8159108602661a3", BudgetLedger.fingerprint("a", "b|c"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", BudgetLedger.fingerprint());
    }

    @Test
    void callKeysAreDistinctAcrossThreads() throws InterruptedException {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    keys.add(KeylessCalls.newKey());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(20_000, keys.size());
        for (String key : keys) {
            assertTrue(key.matches("call_[0-9a-f]{32}"), key);
        }
    }
}
