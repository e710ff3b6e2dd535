package org.lazaret.node.cluster;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lazaret.consensus.raft.ClusterStatus;
import org.lazaret.consensus.raft.RaftMember;
import org.lazaret.consensus.raft.RaftOrdering;
import org.lazaret.storage.LedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the membership governance decided: on the Raft leader, compares the ledger's record
 * with Raft's configuration and makes one change at a time with Raft's own membership change —
 * adding a node the ledger admitted, removing one it removed. Nodes the ledger never mentioned
 * (founding nodes of a genesis without a node list) are left alone.
 *
 * <p>Reconciling rather than reacting to the event makes the decision survive a leader change: a
 * leader that fails mid-change leaves the difference for the next leader to see. Adding waits for
 * the new node to catch up (Raft's staging), so a node that is not running yet delays its own
 * addition, not the cluster; the attempt is simply repeated.
 */
final class MembershipReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipReconciler.class);
  private final RaftOrdering raft;
  private final LedgerStore store;

  MembershipReconciler(RaftOrdering raft, LedgerStore store) {
    this.raft = raft;
    this.store = store;
  }

  /** One round; safe to call at any time on any node (only the leader acts). Never throws. */
  void reconcile() {
    try {
      ClusterStatus status = raft.status();
      if (status.role() != ClusterStatus.Role.LEADER) {
        return;
      }
      Set<String> inRaft = new TreeSet<>();
      status.members().forEach(m -> inRaft.add(m.id()));
      Map<String, LedgerMembership.Entry> ledger = LedgerMembership.read(store);
      for (LedgerMembership.Entry e : ledger.values()) {
        if (e.active() && !inRaft.contains(e.id())) {
          LOG.info("membership: governance admitted {} at {}; adding it to the Raft group", e.id(), e.raft());
          raft.addPeer(RaftMember.of(e.id(), e.raft()));
          return;
        }
      }
      for (LedgerMembership.Entry e : ledger.values()) {
        if (!e.active() && inRaft.contains(e.id())) {
          LOG.info("membership: governance removed {}; removing it from the Raft group", e.id());
          raft.removePeer(e.id());
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("membership: change not made yet ({}); trying again", e.getMessage());
    }
  }
}
