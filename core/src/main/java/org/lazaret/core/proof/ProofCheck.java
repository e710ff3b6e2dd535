package org.lazaret.core.proof;

/** The answer to "does this proof hold for the block hash I trust?". */
public sealed interface ProofCheck permits ProofCheck.Holds, ProofCheck.Fails {
  /** The proof holds; {@code summary} says what it proved, for people. */
  record Holds(String summary) implements ProofCheck {}

  /** The proof does not hold; {@code reason} is one line naming the first check that failed. */
  record Fails(String reason) implements ProofCheck {}
}
