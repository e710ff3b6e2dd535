package org.lazaret.storage;

/** Where a committed transaction sits: the block height and its index in that block. */
public record TxLocation(long height, int index) {}
