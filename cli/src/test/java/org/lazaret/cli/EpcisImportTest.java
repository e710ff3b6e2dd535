package org.lazaret.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.epcis.EpcisDocument;
import org.lazaret.epcis.EventHash;
import org.lazaret.node.Node;
import org.lazaret.node.trace.TraceApi;
import org.lazaret.sdk.LazaretClient;

/**
 * Goal: {@code lazaret epcis import} captures a folder of real EPCIS documents, each whole as one
 * transaction, reports what happened to every one, and fails only for what failed. Method: the GS1
 * example folder (32 documents) is imported into an in-process node, signed with the demo key and
 * through the node's capture interface; the ledger is then asked for the events' hash IDs.
 */
class EpcisImportTest {
  @TempDir Path dir;

  private static Path examples() throws URISyntaxException {
    return Path.of(EpcisImportTest.class.getResource("/epcis-examples/JSON").toURI());
  }

  private static List<Path> documents() throws Exception {
    try (Stream<Path> walk = Files.walk(examples())) {
      return walk.filter(p -> p.toString().endsWith(".jsonld")).sorted().toList();
    }
  }

  @Test
  void importsTheGs1ExampleFolderSignedWithAKey() throws Exception {
    Cli.TestChain chain = Cli.start(dir, "import-demo", "import-chain", 1_700_000_000_000L, List.of(TraceApi::new));
    try (Node node = chain.node()) {
      Cli.Run first = Cli.run("epcis", "import", "--node", node.url(), "--key", chain.demoKey().toString(), "--skip-duplicates", examples().toString());
      assertThat(first.code()).as(first.err() + first.out()).isZero();
      JsonNode summary = first.json();
      List<Path> docs = documents();
      assertThat(summary.path("documents").asInt()).isEqualTo(docs.size());
      assertThat(summary.path("failed").asInt()).as(summary.toString()).isZero();
      assertThat(summary.path("committed").asInt() + summary.path("duplicates").asInt()).isEqualTo(docs.size());
      // The Digital Link examples repeat events of the EPC URN ones: the same items, the same hash IDs.
      assertThat(summary.path("duplicates").asInt()).isPositive();
      assertThat(first.err()).contains("import");

      LazaretClient client = new LazaretClient(node.url());
      long onLedger = 0;
      for (Path doc : docs) {
        for (String hash : EventHash.hashIds(Files.readString(doc))) {
          if (client.state("trace/event/" + hash).isPresent()) {
            onLedger++;
          }
        }
      }
      assertThat(onLedger).as("events of committed documents are on the ledger under their hash IDs").isGreaterThanOrEqualTo(summary.path("committedEvents").asLong());

      // Only error declarations may be captured again: a declaration is never a duplicate.
      long declarationsOnly = 0;
      for (Path doc : docs) {
        if (EpcisDocument.parse(Files.readString(doc)).events().stream().allMatch(e -> e.errorDeclaration().isPresent())) {
          declarationsOnly++;
        }
      }
      Cli.Run again = Cli.run("epcis", "import", "--node", node.url(), "--key", chain.demoKey().toString(), examples().toString());
      assertThat(again.code()).as("duplicates fail without --skip-duplicates").isEqualTo(1);
      assertThat(again.json().path("committed").asLong()).isEqualTo(declarationsOnly);
      assertThat(again.json().path("failures")).hasSize(docs.size() - (int) declarationsOnly);
      assertThat(again.json().path("failures").findValuesAsText("reason")).allSatisfy(reason -> assertThat(reason).startsWith("DUPLICATE_EVENT"));
    }
  }

  @Test
  void importsThroughTheCaptureInterfaceAndReportsBadDocumentsWithoutStopping() throws Exception {
    Cli.TestChain chain = Cli.start(dir, "rest-demo", "rest-chain", 1_700_000_000_000L, List.of(TraceApi.factory(Optional.of(KeyPair.deterministic("rest-demo")))));
    try (Node node = chain.node()) {
      Path folder = Files.createDirectories(dir.resolve("docs/nested"));
      Files.copy(examples().resolve("Example_9.6.1-ObjectEvent-with-pseudo-SBDH-headers.jsonld"), folder.resolve("a.jsonld"));
      Files.copy(examples().resolve("WithSensorData/SensorDataExample6.jsonld"), dir.resolve("docs/b.json"));
      Files.writeString(dir.resolve("docs/c.jsonld"), Files.readString(examples().resolve("Example_9.6.3-AggregationEvent.jsonld")).replace("\"eventTime\"", "\"evenTime\""));
      Files.writeString(dir.resolve("docs/notes.txt"), "not a document");
      Cli.Run r = Cli.run("epcis", "import", "--node", node.url(), dir.resolve("docs").toString());
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      JsonNode summary = r.json();
      assertThat(summary.path("via").asText()).isEqualTo("POST /epcis/capture");
      assertThat(summary.path("documents").asInt()).as("the .txt file is not an EPCIS document").isEqualTo(3);
      assertThat(summary.path("committed").asInt()).isEqualTo(2);
      assertThat(summary.path("failures")).hasSize(1);
      assertThat(summary.path("failures").get(0).path("file").asText()).endsWith("c.jsonld");
      assertThat(summary.path("failures").get(0).path("reason").asText()).contains("$.epcisBody.eventList[0]");
      assertThat(r.err()).contains("some documents were not captured");
    }
  }

  @Test
  void withoutAKeyANodeWithoutACaptureKeySaysHowToConfigureIt() throws Exception {
    Cli.TestChain chain = Cli.start(dir, "plain-demo", "plain-chain", 1_700_000_000_000L, List.of(TraceApi::new));
    try (Node node = chain.node()) {
      Cli.Run r = Cli.run("epcis", "import", "--node", node.url(), examples().resolve("Example_9.6.3-AggregationEvent.jsonld").toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.json().path("failures").get(0).path("reason").asText()).startsWith("CAPTURE_NOT_CONFIGURED").contains("--capture-key");
      Cli.Run missing = Cli.run("epcis", "import", "--node", node.url(), dir.resolve("nowhere").toString());
      assertThat(missing.code()).isEqualTo(1);
      assertThat(missing.err()).contains("no file or folder at");
    }
  }
}
