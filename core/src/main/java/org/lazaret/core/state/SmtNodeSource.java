package org.lazaret.core.state;

import java.util.Optional;
import org.lazaret.core.crypto.Hash32;

/** Where the sparse Merkle tree reads its nodes from: RocksDB in a node, a map in tests. */
@FunctionalInterface
public interface SmtNodeSource {
  Optional<SmtNode> node(Hash32 hash);
}
