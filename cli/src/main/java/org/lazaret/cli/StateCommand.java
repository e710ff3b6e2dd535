package org.lazaret.cli;

import org.lazaret.core.crypto.PublicKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reading the world state. */
@Command(name = "state", mixinStandardHelpOptions = true, description = "Read the world state.", subcommands = {StateCommand.Get.class, StateCommand.History.class, StateCommand.Account.class})
final class StateCommand {
  @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a state key's current value, e.g. token/balance/<public key hex>.")
  static final class Get implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Parameters(index = "0", description = "State key.")
    String key;

    @Override
    public void run() {
      var v = Remote.call(() -> Remote.client(node).state(key));
      if (v.isEmpty()) {
        throw new Main.Failure(1, "state key '" + key + "' has no value");
      }
      Remote.print(v.get());
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "Print the versions of a state key, newest first.")
  static final class History implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Parameters(index = "0", description = "State key.")
    String key;

    @Override
    public void run() {
      Remote.print(Remote.call(() -> Remote.client(node).get("/v1/history/" + key + "?limit=" + limit)));
    }
  }

  @Command(name = "account", mixinStandardHelpOptions = true, description = "Print a key's nonce, token balance and membership.")
  static final class Account implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Parameters(index = "0", description = "Public key (hex).")
    String key;

    @Override
    public void run() {
      PublicKey k;
      try {
        k = PublicKey.fromHex("key", key);
      } catch (IllegalArgumentException e) {
        throw new Main.Failure(2, e.getMessage());
      }
      Remote.print(Remote.call(() -> Remote.client(node).account(k)));
    }
  }
}
