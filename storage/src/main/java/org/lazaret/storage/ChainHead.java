package org.lazaret.storage;

import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.crypto.Hash32;

/** The newest committed block: where the next block links to and whose state root is current. */
public record ChainHead(BlockHeader header, Hash32 hash) {
  public long height() {
    return header.height();
  }
}
