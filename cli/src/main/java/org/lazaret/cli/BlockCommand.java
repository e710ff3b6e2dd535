package org.lazaret.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reading blocks. */
@Command(name = "block", mixinStandardHelpOptions = true, description = "Read blocks.", subcommands = {BlockCommand.Get.class})
final class BlockCommand {
  @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a block (height, hash, header, transaction ids).")
  static final class Get implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Parameters(index = "0", defaultValue = "latest", description = "Height, or 'latest' (default).")
    String height;

    @Override
    public void run() {
      if (!height.equals("latest") && !height.matches("[0-9]{1,18}")) {
        throw new Main.Failure(2, "height: '" + height + "' is not a block height");
      }
      Remote.print(Remote.call(() -> Remote.client(node).get("/v1/blocks/" + height)));
    }
  }
}
