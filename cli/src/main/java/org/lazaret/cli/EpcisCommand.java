package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.contracts.trace.CaptureArgs;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.sdk.LazaretClient;
import org.lazaret.epcis.EpcisFormatException;
import org.lazaret.epcis.EpcisValidator;
import org.lazaret.epcis.EventHash;
import org.lazaret.epcis.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** GS1 EPCIS 2.0 documents: event hash IDs and schema validation offline, capture on the ledger. */
@Command(name = "epcis", mixinStandardHelpOptions = true, description = "Work with GS1 EPCIS 2.0 documents.", subcommands = {EpcisCommand.Hash.class, EpcisCommand.Validate.class, EpcisCommand.Capture.class, EpcisImport.class})
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

  @Command(name = "capture", mixinStandardHelpOptions = true, description = {
      "Validate a document, then capture its events on the ledger as trace.capture transactions (one, or several when the",
      "document has more events or bytes than one call takes; a duplicate is refused whichever transaction holds it). Prints the hash IDs when committed."})
  static final class Capture implements Runnable {
    /** Arguments larger than this are split into several transactions (the ledger allows 64 KiB). */
    static final int ARGS_BYTES_MAX = 60 * 1024;

    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--key", required = true, description = "Key file of a member holding trace.capture.")
    Path key;

    @Parameters(index = "0", description = "EPCIS 2.0 JSON or JSON-LD document.")
    Path file;

    @Override
    public void run() {
      String text = read(file);
      if (EpcisValidator.validate(text) instanceof Validation.Invalid i) {
        throw new Main.Failure(1, file + ": invalid at " + i.path() + ": " + i.reason() + " (nothing submitted)");
      }
      List<String> hashes;
      JsonNode doc;
      try {
        hashes = EventHash.hashIds(text);
        doc = CaptureArgs.of(text);
      } catch (EpcisFormatException | IllegalArgumentException e) {
        throw new Main.Failure(1, file + ": " + e.getMessage());
      }
      List<JsonNode> events = new ArrayList<>();
      doc.path("events").forEach(events::add);
      Optional<JsonNode> context = Optional.ofNullable(doc.get("context"));
      List<ObjectNode> calls = new ArrayList<>();
      List<JsonNode> part = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        List<JsonNode> more = new ArrayList<>(part);
        more.add(events.get(i));
        if (!part.isEmpty() && (more.size() > CaptureArgs.EVENTS_PER_CALL_MAX || size(CaptureArgs.call(more, context)) > ARGS_BYTES_MAX)) {
          calls.add(CaptureArgs.call(part, context));
          more = new ArrayList<>(List.of(events.get(i)));
        }
        if (size(CaptureArgs.call(more, context)) > ARGS_BYTES_MAX) {
          throw new Main.Failure(1, file + ": event " + i + " alone is larger than " + ARGS_BYTES_MAX + " bytes");
        }
        part = more;
      }
      calls.add(CaptureArgs.call(part, context));
      if (calls.size() > 1) {
        System.err.println("capturing in " + calls.size() + " transactions; a duplicate is still refused in whichever it falls, and those before it stay committed");
      }
      LazaretClient client = Remote.client(node);
      KeyPair sender = KeyFiles.read(key);
      for (ObjectNode c : calls) {
        Hash32 id = Remote.call(() -> client.submit(client.sign(sender, "trace", "capture", c, Duration.ofMinutes(10))));
        JsonNode s = Remote.call(() -> client.await(id, Duration.ofSeconds(60)));
        if (!"committed".equals(s.path("status").asText())) {
          throw new Main.Failure(1, "capture " + id.hex() + " was " + s.path("status").asText() + ": " + s.path("receipt").path("reason").asText());
        }
        if (!s.path("receipt").path("success").asBoolean()) {
          throw new Main.Failure(1, "capture " + id.hex() + " was reverted: " + s.path("receipt").path("reason").asText());
        }
      }
      StringBuilder out = new StringBuilder();
      hashes.forEach(h -> out.append(h).append('\n'));
      System.out.print(out);
      System.out.flush();
    }

    private static int size(JsonNode call) {
      return CanonicalJson.encode(call).length;
    }
  }
}
