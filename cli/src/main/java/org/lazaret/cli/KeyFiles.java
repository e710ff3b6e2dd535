package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.lazaret.core.crypto.KeyPair;

/**
 * Key files: a small JSON object with the Ed25519 seed and, for people, the public key. Written
 * readable by the owner only.
 */
final class KeyFiles {
  private KeyFiles() {}

  static KeyPair read(Path file) {
    try {
      JsonNode n = new ObjectMapper().readTree(Files.readAllBytes(file));
      if (n == null || !n.path("seed").isTextual()) {
        throw new Main.Failure(1, "key file " + file + " has no 'seed'");
      }
      KeyPair k = KeyPair.fromSeedHex(n.get("seed").textValue());
      if (n.has("publicKey") && !n.get("publicKey").asText().equals(k.publicKey().hex())) {
        throw new Main.Failure(1, "key file " + file + ": publicKey does not match the seed");
      }
      return k;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new Main.Failure(1, "no key file at " + file);
    } catch (IOException e) {
      throw new Main.Failure(1, "cannot read key file " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Main.Failure(1, "key file " + file + ": " + e.getMessage());
    }
  }

  static void write(Path file, KeyPair key, boolean overwrite) {
    if (Files.exists(file) && !overwrite) {
      throw new Main.Failure(1, file + " already exists; refusing to overwrite a key (use --force)");
    }
    String json = "{\"type\":\"ed25519\",\"publicKey\":\"" + key.publicKey().hex() + "\",\"seed\":\"" + key.seedHex() + "\"}\n";
    writePrivate(file, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a secret (a signing key, a private key PEM) readable by its owner only from the moment
   * the file exists, on a POSIX file system; elsewhere the file keeps the default permissions.
   */
  static void writePrivate(Path file, byte[] content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.deleteIfExists(file);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.write(file, content);
    } catch (IOException e) {
      throw new Main.Failure(1, "cannot write " + file + ": " + e.getMessage());
    }
  }
}
