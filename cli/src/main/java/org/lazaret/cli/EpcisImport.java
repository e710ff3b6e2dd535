package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.lazaret.contracts.trace.CaptureArgs;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.epcis.EpcisDocument;
import org.lazaret.epcis.EpcisFormatException;
import org.lazaret.epcis.EpcisValidator;
import org.lazaret.epcis.Validation;
import org.lazaret.sdk.ApiException;
import org.lazaret.sdk.LazaretClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Imports many EPCIS documents, each captured whole as one {@code trace.capture} transaction.
 * Every document is checked offline first (schema, event count, size), so a bad one is reported
 * without being sent. With {@code --key} the documents are signed here with consecutive nonces and
 * sent in batches, the fast path for bulk loads; without it each is posted to the node's EPCIS
 * capture interface, which signs with the node's capture key, for operators who hold no key of
 * their own. Either way the outcome of every document comes from the ledger.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Capture every .json/.jsonld EPCIS document (folders recursively, in name order), each whole as one trace.capture transaction, and wait for them.",
      "With --key: sign them here. Without: post each to the node's POST /epcis/capture. Prints a JSON summary; exits 1 if any document failed."})
final class EpcisImport implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
  String node;

  @Option(names = "--key", description = "Key file of a member holding trace.capture; without it, the node's capture interface signs.")
  Path key;

  @Option(names = "--skip-duplicates", description = "A document whose events are already on the ledger is reported as a duplicate, not a failure.")
  boolean skipDuplicates;

  @Option(names = "--batch", defaultValue = "32", description = "Transactions per submission with --key (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for every capture to be committed (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "EPCIS 2.0 JSON or JSON-LD documents, or folders of them.")
  List<Path> paths;

  /** One document: what it holds once checked, and what became of it. */
  private static final class Document {
    final Path file;
    String text = "";
    int events;
    Optional<ObjectNode> call = Optional.empty();
    Outcome outcome = Outcome.PENDING;
    String reason = "";

    Document(Path file) {
      this.file = file;
    }

    void end(Outcome o, String why) {
      outcome = o;
      reason = why;
    }
  }

  private enum Outcome {
    PENDING,
    COMMITTED,
    DUPLICATE,
    FAILED
  }

  @Override
  public void run() {
    if (batch < 1 || batch > 256) {
      throw new Main.Failure(2, "--batch: must be from 1 to 256");
    }
    List<Document> docs = files().stream().map(Document::new).toList();
    LazaretClient client = Remote.client(node);
    Optional<KeyPair> signer = Optional.ofNullable(key).map(KeyFiles::read);
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    try (ProgressBar bar = Progress.bar("import", docs.size(), " doc", 1)) {
      for (Document d : docs) {
        check(d);
        if (d.outcome != Outcome.PENDING) {
          bar.step();
        }
      }
      List<Document> ready = docs.stream().filter(d -> d.outcome == Outcome.PENDING).toList();
      if (signer.isPresent()) {
        signed(client, signer.get(), ready, timeout, bar);
      } else {
        posted(client, ready, timeout, bar);
      }
    }
    Remote.print(summary(docs, signer.isPresent()));
    if (docs.stream().anyMatch(d -> d.outcome == Outcome.FAILED || (d.outcome == Outcome.DUPLICATE && !skipDuplicates))) {
      throw new Main.Failure(1, "some documents were not captured; see failures above");
    }
  }

  /** The files named, folders walked recursively; .json and .jsonld only, in name order. */
  private List<Path> files() {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).filter(EpcisImport::isEpcisFile).sorted().forEach(out::add);
        } catch (IOException e) {
          throw new Main.Failure(1, "cannot read the folder " + p + ": " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new Main.Failure(1, "no file or folder at " + p);
      }
    }
    if (out.isEmpty()) {
      throw new Main.Failure(1, "no .json or .jsonld files in " + paths);
    }
    return out;
  }

  private static boolean isEpcisFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") || name.endsWith(".jsonld");
  }

  /** Everything that can be known offline: schema, events, the call and its size. */
  private static void check(Document d) {
    try {
      d.text = Files.readString(d.file);
    } catch (IOException e) {
      d.end(Outcome.FAILED, "cannot read it: " + e.getMessage());
      return;
    }
    if (EpcisValidator.validate(d.text) instanceof Validation.Invalid inv) {
      d.end(Outcome.FAILED, "invalid at " + inv.path() + ": " + inv.reason());
      return;
    }
    try {
      d.events = EpcisDocument.parse(d.text).events().size();
      d.call = Optional.of(CaptureArgs.of(d.text));
    } catch (EpcisFormatException | IllegalArgumentException e) {
      d.end(Outcome.FAILED, e.getMessage());
      return;
    }
    if (d.events > CaptureArgs.EVENTS_PER_CALL_MAX) {
      d.end(Outcome.FAILED, d.events + " events; one capture takes at most " + CaptureArgs.EVENTS_PER_CALL_MAX + ": split the document");
      return;
    }
    int bytes = CanonicalJson.encode(d.call.get()).length;
    if (bytes > Limits.TX_ARGS_BYTES_MAX) {
      d.end(Outcome.FAILED, "its events take " + bytes + " bytes as a transaction; one capture holds at most " + Limits.TX_ARGS_BYTES_MAX + ": split the document");
    }
  }

  /** Signs every document with consecutive nonces, sends them in batches, reads each receipt. */
  private void signed(LazaretClient client, KeyPair k, List<Document> ready, Duration timeout, ProgressBar bar) {
    if (ready.isEmpty()) {
      return;
    }
    String chain = Remote.call(client::health).path("chainId").asText();
    long nonce = Remote.call(() -> client.account(k.publicKey())).path("nextNonce").asLong();
    long expires = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
    List<SignedTransaction> txs = new ArrayList<>();
    for (Document d : ready) {
      txs.add(Transaction.of(chain, k.publicKey(), nonce++, TraceContract.NAME, "capture", d.call.orElseThrow(), expires).sign(k));
    }
    Sender.submit(client, txs, batch, timeout, bar).ifPresent(r -> {
      throw new Main.Failure(1, ready.get(r.index()).file + " (transaction " + txs.get(r.index()).id().hex() + ") was refused: " + r.code() + ": " + r.detail()
          + (r.index() > 0 ? "; the documents before it were sent" : ""));
    });
    List<JsonNode> statuses = Sender.await(client, txs, timeout, bar);
    for (int i = 0; i < ready.size(); i++) {
      JsonNode receipt = statuses.get(i).path("receipt");
      if (receipt.path("success").asBoolean()) {
        ready.get(i).end(Outcome.COMMITTED, "");
      } else {
        reverted(ready.get(i), receipt.path("code").asText(), receipt.path("reason").asText());
      }
    }
  }

  /** Posts every document to the node's capture interface, then follows each capture job. */
  private void posted(LazaretClient client, List<Document> ready, Duration timeout, ProgressBar bar) {
    List<String> jobs = new ArrayList<>();
    for (Document d : ready) {
      try {
        jobs.add(client.captureEpcis(asCaptureDocument(d)).path("captureID").asText());
        bar.setExtraMessage(" sent " + jobs.size());
      } catch (ApiException e) {
        jobs.add("");
        reverted(d, e.problem().path("code").asText(), e.problem().path("detail").asText());
        bar.step();
      } catch (UncheckedIOException e) {
        throw new Main.Failure(1, e.getMessage());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < ready.size(); i++) {
      Document d = ready.get(i);
      if (jobs.get(i).isEmpty()) {
        continue;
      }
      String id = jobs.get(i);
      JsonNode job;
      while ((job = Remote.call(() -> client.captureJob(id))).path("running").asBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new Main.Failure(1, d.file + ": capture " + jobs.get(i) + " still running after " + timeoutSeconds + " s");
        }
        Sender.pause(50);
      }
      if (job.path("success").asBoolean()) {
        d.end(Outcome.COMMITTED, "");
      } else {
        JsonNode error = job.path("errors").path(0);
        reverted(d, error.path("code").asText(), error.path("reason").asText());
      }
      bar.step();
    }
  }

  /** The capture interface takes EPCISDocuments: a query document's events are posted as one. */
  private static String asCaptureDocument(Document d) {
    JsonNode doc;
    try {
      doc = JSON.readTree(d.text);
    } catch (IOException e) {
      throw new IllegalStateException("a checked document no longer parses", e);
    }
    if (!"EPCISQueryDocument".equals(doc.path("type").asText())) {
      return d.text;
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("@context", doc.get("@context"));
    out.put("type", "EPCISDocument").put("schemaVersion", "2.0").put("creationDate", Instant.now().toString());
    ArrayNode events = out.putObject("epcisBody").putArray("eventList");
    doc.path("epcisBody").path("queryResults").path("resultsBody").path("eventList").forEach(events::add);
    return out.toString();
  }

  private static void reverted(Document d, String code, String reason) {
    d.end(code.equals("DUPLICATE_EVENT") ? Outcome.DUPLICATE : Outcome.FAILED, code + ": " + reason);
  }

  private ObjectNode summary(List<Document> docs, boolean signedHere) {
    ObjectNode out = CanonicalJson.object();
    out.put("documents", docs.size());
    out.put("events", docs.stream().mapToInt(d -> d.events).sum());
    out.put("committed", docs.stream().filter(d -> d.outcome == Outcome.COMMITTED).count());
    out.put("committedEvents", docs.stream().filter(d -> d.outcome == Outcome.COMMITTED).mapToInt(d -> d.events).sum());
    out.put("duplicates", docs.stream().filter(d -> d.outcome == Outcome.DUPLICATE).count());
    ArrayNode failures = out.putArray("failures");
    for (Document d : docs) {
      if (d.outcome == Outcome.FAILED || (d.outcome == Outcome.DUPLICATE && !skipDuplicates)) {
        failures.addObject().put("file", d.file.toString()).put("reason", d.reason);
      }
    }
    out.put("failed", failures.size());
    out.put("via", signedHere ? "signed trace.capture transactions" : "POST /epcis/capture");
    return out;
  }
}
