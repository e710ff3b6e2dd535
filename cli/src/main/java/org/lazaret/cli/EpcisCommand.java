package org.lazaret.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lazaret.epcis.EpcisFormatException;
import org.lazaret.epcis.EpcisValidator;
import org.lazaret.epcis.EventHash;
import org.lazaret.epcis.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** GS1 EPCIS 2.0 documents, offline: event hash IDs and schema validation. */
@Command(name = "epcis", mixinStandardHelpOptions = true, description = "Work with GS1 EPCIS 2.0 documents.", subcommands = {EpcisCommand.Hash.class, EpcisCommand.Validate.class})
final class EpcisCommand {
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new Main.Failure(1, file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new Main.Failure(2, "cannot read " + file + ": " + e.getMessage());
    }
  }

  @Command(name = "hash", mixinStandardHelpOptions = true, description = "Print the CBV 2.0 event hash ID of each event, in document order, one per line.")
  static final class Hash implements Runnable {
    @Parameters(index = "0", description = "EPCIS 2.0 JSON or JSON-LD document.")
    Path file;

    @Override
    public void run() {
      try {
        StringBuilder out = new StringBuilder();
        for (String id : EventHash.hashIds(read(file))) {
          out.append(id).append('\n');
        }
        System.out.print(out);
        System.out.flush();
      } catch (EpcisFormatException e) {
        throw new Main.Failure(1, file + ": " + e.getMessage());
      }
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a document against the EPCIS 2.0 JSON schema; exit 0 when valid, 1 naming the first invalid field.")
  static final class Validate implements Runnable {
    @Parameters(index = "0", description = "EPCIS 2.0 JSON or JSON-LD document.")
    Path file;

    @Override
    public void run() {
      switch (EpcisValidator.validate(read(file))) {
        case Validation.Valid v -> System.out.println("valid: " + file);
        case Validation.Invalid i -> throw new Main.Failure(1, "invalid at " + i.path() + ": " + i.reason());
      }
    }
  }
}
