package org.lazaret.consensus.raft;

import java.nio.file.Path;

/**
 * How Raft traffic between nodes is protected. A closed set, so "TLS off" is a named choice in the
 * configuration rather than an absent value; production clusters use {@link MutualTls}.
 */
public sealed interface RaftTransport {
  /** Unencrypted and unauthenticated: for a single machine or tests only. */
  record Plaintext() implements RaftTransport {}

  /**
   * TLS in both directions. Each node presents {@code certificateChain} (PEM, the node's
   * certificate first; its common name is the node id) with {@code privateKey} (PEM, PKCS#8), and
   * accepts a peer only when the peer's certificate is signed by {@code trustedCa} and names a
   * current member of the group.
   */
  record MutualTls(Path certificateChain, Path privateKey, Path trustedCa) implements RaftTransport {
    public MutualTls {
      if (certificateChain == null || privateKey == null || trustedCa == null) {
        throw new IllegalArgumentException("tls: certificate chain, private key and trusted CA are all required");
      }
    }
  }
}
