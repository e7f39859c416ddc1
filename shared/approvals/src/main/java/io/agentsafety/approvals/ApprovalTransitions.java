package io.agentsafety.approvals;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Hands stored transitions to every {@link ApprovalTransition.Listener} bean (none by default). */
@Singleton
public class ApprovalTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalTransitions.class);

    private final List<ApprovalTransition.Listener> listeners;

    public ApprovalTransitions(List<ApprovalTransition.Listener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void publish(ApprovalTransition transition) {
        for (ApprovalTransition.Listener listener : listeners) {
            try {
                listener.onTransition(transition);
            } catch (RuntimeException e) {
                LOG.warn("approval transition listener {} failed: {}", listener.getClass().getSimpleName(), e.getClass().getSimpleName());
            }
        }
    }

    /** Publishes the transition an outcome recorded, if its status changed (or a vote was counted). */
    void published(String kind, ApprovalStore.Outcome outcome, String by, long atMs) {
        if (outcome.found() && (outcome.statusChanged() || "vote_counted".equals(kind))) {
            publish(ApprovalTransition.of(outcome.statusChanged() && outcome.approval().status() == ApprovalStatus.EXPIRED ? "expired" : kind,
                outcome.previous(), outcome.approval(), by, atMs));
        }
    }
}
