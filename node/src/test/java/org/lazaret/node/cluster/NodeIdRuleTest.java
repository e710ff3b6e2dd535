package org.lazaret.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.lazaret.consensus.NodeIds;
import org.lazaret.contracts.membership.MembershipContract;

/**
 * The membership contract cannot see the consensus module, so it states the node-id rule itself;
 * a node the ledger admits must be one Raft and TLS accept, and the other way round.
 */
class NodeIdRuleTest {
  @Property(tries = 500)
  void theLedgerAndRaftAgreeOnWhatANodeIdIs(@ForAll @StringLength(max = 70) @Chars({'a', 'Z', '0', '9', '-', '_', '.', ' ', '@', 'é'}) String id) {
    assertThat(id.matches(MembershipContract.NODE_ID)).as("'%s'", id).isEqualTo(NodeIds.valid(id));
  }

  @Property(tries = 200)
  void anyStringAtAll(@ForAll String id) {
    assertThat(id.matches(MembershipContract.NODE_ID)).isEqualTo(NodeIds.valid(id));
  }
}
