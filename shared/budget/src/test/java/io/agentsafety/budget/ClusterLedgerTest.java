package io.agentsafety.budget;

/** The same ledger suite on a real 3-master Redis Cluster: every script touches one slot (hash tags). */
class ClusterLedgerTest extends AbstractLedgerTest {

    private EmbeddedCluster cluster;

    @Override
    RedisTarget startTarget() throws Exception {
        cluster = EmbeddedCluster.start();
        return RedisTarget.cluster(cluster.seedUri());
    }

    @Override
    void stopTarget() {
        cluster.close();
    }
}
