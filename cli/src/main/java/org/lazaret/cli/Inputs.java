package org.lazaret.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lazaret.core.crypto.Hash32;

/** Command-line inputs that every command reads the same way; a bad one is a usage error (exit 2). */
final class Inputs {
  private Inputs() {}

  static Hash32 hash(String option, String hex) {
    try {
      return Hash32.fromHex(option, hex);
    } catch (IllegalArgumentException e) {
      throw new Main.Failure(2, e.getMessage());
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new Main.Failure(2, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
