package org.lazaret.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.lazaret.core.crypto.KeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creating and inspecting Ed25519 key files. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create and inspect Ed25519 keys.", subcommands = {KeysCommand.New.class, KeysCommand.Show.class})
final class KeysCommand {
  @Command(name = "new", mixinStandardHelpOptions = true, description = "Write a new key to a file and print its public key (hex).")
  static final class New implements Runnable {
    @Option(names = "--out", required = true, description = "Key file to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Override
    public void run() {
      KeyPair k = KeyPair.generate(new SecureRandom());
      KeyFiles.write(out, k, force);
      System.out.println(k.publicKey().hex());
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the public key (hex) of a key file.")
  static final class Show implements Runnable {
    @Parameters(index = "0", description = "Key file.")
    Path file;

    @Override
    public void run() {
      System.out.println(KeyFiles.read(file).publicKey().hex());
    }
  }
}
