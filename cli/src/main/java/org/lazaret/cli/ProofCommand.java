package org.lazaret.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.proof.ProofCheck;
import org.lazaret.core.proof.ProofFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Fetching proofs from a node and checking them offline. */
@Command(name = "proof", mixinStandardHelpOptions = true, description = "Fetch and verify proofs.", subcommands = {ProofCommand.Tx.class, ProofCommand.State.class, ProofCommand.Verify.class})
final class ProofCommand {
  @Command(name = "tx", mixinStandardHelpOptions = true, description = "Write a self-contained inclusion proof of a committed transaction to stdout.")
  static final class Tx implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Parameters(index = "0", description = "Transaction id (hex).")
    String id;

    @Override
    public void run() {
      Hash32 h = Remote.txId(id);
      byte[] proof = Remote.call(() -> Remote.client(node).txProof(h));
      System.out.write(proof, 0, proof.length);
      System.out.flush();
    }
  }

  @Command(name = "state", mixinStandardHelpOptions = true, description = "Write a proof of a state key's value (or absence) after a block to stdout.")
  static final class State implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--height", description = "Block height (default: the latest).")
    Long height;

    @Parameters(index = "0", description = "State key.")
    String key;

    @Override
    public void run() {
      byte[] proof = Remote.call(() -> Remote.client(node).stateProof(key, Optional.ofNullable(height)));
      System.out.write(proof, 0, proof.length);
      System.out.flush();
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a proof file offline against a block hash you trust; exit 0 when it holds.")
  static final class Verify implements Runnable {
    @Parameters(index = "0", description = "Proof file.")
    Path file;

    @Option(names = "--block-hash", required = true, description = "The block hash you trust (hex).")
    String blockHash;

    @Override
    public void run() {
      Hash32 trusted = Inputs.hash("--block-hash", blockHash);
      byte[] bytes = Inputs.read(file);
      switch (ProofFile.verify(bytes, trusted)) {
        case ProofCheck.Holds h -> System.out.println("proof holds: " + h.summary());
        case ProofCheck.Fails f -> throw new Main.Failure(1, "proof does not hold: " + f.reason());
      }
    }
  }
}
