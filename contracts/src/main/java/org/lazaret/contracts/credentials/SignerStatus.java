package org.lazaret.contracts.credentials;

import java.util.Optional;

/**
 * Where a document-signing certificate stands on the ledger. Only an active signer is in a
 * verifier's trust list; suspension can be undone, revocation cannot. The wire names are stored
 * in state and read by verifiers, so they never change.
 */
public enum SignerStatus {
  ACTIVE("active"),
  SUSPENDED("suspended"),
  REVOKED("revoked");

  private final String wireName;

  SignerStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<SignerStatus> fromWireName(String name) {
    for (SignerStatus s : values()) {
      if (s.wireName.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
