package org.lazaret.consensus.raft;

import java.util.Optional;

/**
 * Which certificate a member must present, when that was decided: the SHA-256 (hex) of its DER
 * encoding, recorded when governance admitted the node. The CA could issue a second certificate
 * with the same common name; a pin makes only the admitted one count. Members without a pin (the
 * founding ones, by default) are checked by CA and membership alone. Read at each handshake.
 */
@FunctionalInterface
public interface PinnedCertificates {
  Optional<String> fingerprint(String nodeId);

  PinnedCertificates NONE = id -> Optional.empty();
}
