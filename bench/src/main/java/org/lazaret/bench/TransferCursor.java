package org.lazaret.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which pre-signed transfers go next, and to which node. A sender's transfers all go to one node
 * (sender mod node count), in nonce order, as a real client keeps to its node: another node would
 * refuse a nonce whose predecessor it has not seen yet. Transfers a node pushed back, or a window
 * ended with unsent, are given back and go first next time, so that no sender is left with a gap.
 * Thread-safe; one cursor per target, shared by its windows.
 */
final class TransferCursor {
  private final int senders;
  private final int nodes;
  private final int rows;
  private final long[] position;
  private final List<TreeSet<Integer>> returned = new ArrayList<>();

  TransferCursor(PresignedTransfers load, int nodes) {
    this.senders = PresignedTransfers.SENDERS;
    this.nodes = nodes;
    this.rows = load.encoded.length / senders;
    this.position = new long[nodes];
    for (int n = 0; n < nodes; n++) {
      returned.add(new TreeSet<>());
    }
  }

  /** Up to {@code max} transfer indices for {@code node}: given-back ones first, in index (so nonce) order. */
  synchronized List<Integer> next(int node, int max) {
    List<Integer> out = new ArrayList<>(max);
    TreeSet<Integer> back = returned.get(node);
    while (out.size() < max && !back.isEmpty()) {
      out.add(back.pollFirst());
    }
    // Senders of this node: node, node + nodes, node + 2 * nodes, ...
    int perRow = (senders - node + nodes - 1) / nodes;
    while (out.size() < max) {
      long p = position[node];
      long row = p / perRow;
      if (row >= rows) {
        break;
      }
      int sender = node + (int) (p % perRow) * nodes;
      out.add((int) (row * senders + sender));
      position[node]++;
    }
    return out;
  }

  synchronized void giveBack(int node, List<Integer> indices) {
    returned.get(node).addAll(indices);
  }
}
