package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.sdk.LazaretClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submitting transactions and following their status. */
@Command(name = "tx", mixinStandardHelpOptions = true, description = "Submit transactions and follow them.", subcommands = {TxCommand.Submit.class, TxCommand.Status.class})
final class TxCommand {
  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = "Sign and submit a transaction. With --wait, print its final status and exit 0 when committed successfully, 1 when rejected, 3 when committed but reverted by the contract.")
  static final class Submit implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--key", required = true, description = "Key file of the sender.")
    Path key;

    @Option(names = "--contract", required = true)
    String contract;

    @Option(names = "--method", required = true)
    String method;

    @Option(names = "--args", defaultValue = "{}", description = "Arguments as a JSON object (default: ${DEFAULT-VALUE}).")
    String args;

    @Option(names = "--wait", description = "Wait until the transaction is committed or rejected.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait with --wait (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--valid-for", defaultValue = "600", description = "Seconds until the transaction expires (default: ${DEFAULT-VALUE}).")
    int validForSeconds;

    @Override
    public void run() {
      JsonNode a;
      try {
        a = CanonicalJson.parse("--args", args);
      } catch (IllegalArgumentException e) {
        throw new Main.Failure(2, e.getMessage());
      }
      if (!a.isObject()) {
        throw new Main.Failure(2, "--args: must be a JSON object");
      }
      KeyPair k = KeyFiles.read(key);
      LazaretClient client = Remote.client(node);
      if (await) {
        Remote.submitAndAwait(client, k, contract, method, a, Duration.ofSeconds(validForSeconds), Duration.ofSeconds(timeoutSeconds));
        return;
      }
      SignedTransaction tx;
      try {
        tx = Remote.call(() -> client.sign(k, contract, method, a, Duration.ofSeconds(validForSeconds)));
      } catch (IllegalArgumentException e) {
        throw new Main.Failure(2, e.getMessage());
      }
      Hash32 id = Remote.call(() -> client.submit(tx));
      Remote.print(CanonicalJson.object().put("id", id.hex()).put("status", "pending"));
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Print a transaction's status, block and receipt.")
  static final class Status implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Parameters(index = "0", description = "Transaction id (hex).")
    String id;

    @Override
    public void run() {
      Hash32 h = Remote.txId(id);
      Remote.print(Remote.call(() -> Remote.client(node).status(h)));
    }
  }
}
