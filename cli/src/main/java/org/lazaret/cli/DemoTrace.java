package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.node.trace.SampleVaccineChain;
import org.lazaret.sdk.LazaretClient;

/**
 * Leaves the demo's Trace page something real to show: the sample vaccine chain (two lots of
 * vials, cases on a pallet, a carrier's logger with one reading above 8 °C, a distributor, a
 * pharmacy, one recalled lot), its first event two days before now. All calls are submitted at
 * once with consecutive nonces and then awaited, so loading takes a few blocks, not one per call.
 */
final class DemoTrace {
  private DemoTrace() {}

  static void load(String url, KeyPair demo) {
    LazaretClient client = new LazaretClient(url);
    Instant start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    List<Hash32> ids = new ArrayList<>();
    for (SampleVaccineChain.Call c : new SampleVaccineChain(start).calls()) {
      ids.add(client.submit(client.sign(demo, "trace", c.method(), c.args(), Duration.ofMinutes(10))));
    }
    for (Hash32 id : ids) {
      JsonNode s = client.await(id, Duration.ofSeconds(30));
      if (!s.path("receipt").path("success").asBoolean()) {
        throw new Main.Failure(1, "sample trace call " + id.hex() + " failed: " + s.path("receipt").path("reason").asText());
      }
    }
  }

  /** The dashboard pages of the sample's example vial and of a vial of the recalled lot. */
  static void printUrls(String url) {
    System.out.println("Trace: " + url + "/#/trace/" + SampleVaccineChain.EXAMPLE_ITEM + " (a vial through a cold-chain breach; recalled lot: "
        + url + "/#/trace/" + SampleVaccineChain.RECALLED_ITEM + ")");
  }
}
