package io.agentsafety.budget;

import io.agentsafety.testing.EmbeddedRedis;

/** The ledger suite on one Redis server. */
class StandaloneLedgerTest extends AbstractLedgerTest {

    @Override
    RedisTarget startTarget() {
        return RedisTarget.standalone(EmbeddedRedis.shared().uri());
    }

    @Override
    void stopTarget() {
        // the shared server lives as long as the test JVM
    }
}
