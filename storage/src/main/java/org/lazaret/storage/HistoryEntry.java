package org.lazaret.storage;

import java.util.Optional;
import org.lazaret.core.codec.Bytes;

/** One version of a state key: the block that wrote it and the value (empty when deleted). */
public record HistoryEntry(long height, Optional<Bytes> value) {}
