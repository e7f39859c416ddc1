package io.agentsafety.commands.analysis;

/** Bounds the work one analysis may do, so any input costs at most linear time. */
public final class Budget {

    private int nodes;
    private int steps;
    private boolean exceeded;

    public Budget(int nodes, int steps) {
        this.nodes = nodes;
        this.steps = steps;
    }

    int nodes() {
        return Math.max(0, nodes);
    }

    void spendNodes(int used) {
        nodes -= used;
    }

    boolean step() {
        if (--steps < 0) {
            exceeded = true;
        }
        return !exceeded;
    }

    void exceed() {
        exceeded = true;
    }

    public boolean exceeded() {
        return exceeded || nodes < 0;
    }
}
