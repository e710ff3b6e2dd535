package org.lazaret.node;

import java.util.List;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.governance.GovernanceContract;
import org.lazaret.contracts.identity.IdentityContract;
import org.lazaret.contracts.membership.MembershipContract;
import org.lazaret.contracts.token.TokenContract;

/** The contracts every node runs; all nodes of a chain must run the same list. */
public final class BuiltInContracts {
  private BuiltInContracts() {}

  public static List<Contract> all() {
    return List.of(new IdentityContract(), new GovernanceContract(), new TokenContract(), new org.lazaret.contracts.datasets.DatasetContract(), new org.lazaret.contracts.credentials.CredentialsContract(), new org.lazaret.contracts.trace.TraceContract(), new MembershipContract());
  }
}
