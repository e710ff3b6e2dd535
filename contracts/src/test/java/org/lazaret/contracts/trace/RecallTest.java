package org.lazaret.contracts.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.reverted;
import static org.lazaret.contracts.trace.TraceEvents.capture;
import static org.lazaret.contracts.trace.TraceEvents.commission;
import static org.lazaret.contracts.trace.TraceEvents.item;
import static org.lazaret.contracts.trace.TraceEvents.lot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;

/**
 * Recalls of lots: only the recall role recalls; a lot must be on the ledger and may be named once
 * per call in whichever spelling; a lot is recalled once, so repeating a recall changes nothing;
 * over any sequence of calls every known lot is recalled at most once, each recall record lists
 * exactly the lots that point back to it, and the count is the number of recalls applied.
 */
@Timeout(120)
class RecallTest {
  private static final KeyPair CAPTURER = TestChain.key("capturer");
  private static final KeyPair REGULATOR = TestChain.key("regulator");
  private static final KeyPair OUTSIDER = TestChain.key("outsider");
  private static final List<String> KNOWN = List.of("L1", "L2", "L3");

  private static TestChain chainWithLots() {
    TestChain chain = TestChain.genesis().org("maker", CAPTURER, "trace.capture").org("agency", REGULATOR, Recall.ROLE).org("other", OUTSIDER, "trace.capture")
        .start(new TraceContract());
    List<ObjectNode> events = new ArrayList<>();
    for (int i = 0; i < KNOWN.size(); i++) {
      events.add(commission("2024-03-01T08:00:0" + i + "Z", KNOWN.get(i), item(i + 1)));
    }
    applied(chain.call(CAPTURER, "trace", "capture", capture(events.toArray(ObjectNode[]::new))));
    return chain;
  }

  private static ObjectNode recall(String reason, String... lots) {
    ObjectNode a = TestChain.obj("reason", reason);
    var list = a.putArray("lots");
    for (String l : lots) {
      list.add(l);
    }
    return a;
  }

  @Test
  void aRecallIsRecordedWithWhoWhenAndWhyAndEmitsOneEventPerLot() {
    TestChain chain = chainWithLots();
    Receipt r = chain.call(REGULATOR, "trace", "recall", recall("potency below specification", lot("L1"), "https://id.gs1.org/01/10614141073464/10/L2"));
    List<Event> events = applied(r);
    assertThat(events).extracting(Event::name).containsExactly("LotRecalled", "LotRecalled");
    assertThat(events.get(1).dataJson().path("lot").asText()).isEqualTo(lot("L2"));
    JsonNode rec = chain.read(Recall.recallKey(1)).orElseThrow();
    assertThat(rec.path("lots")).extracting(JsonNode::asText).containsExactly(lot("L1"), lot("L2"));
    assertThat(rec.path("org").asText()).isEqualTo("agency");
    assertThat(rec.path("reason").asText()).isEqualTo("potency below specification");
    assertThat(rec.path("time").asLong()).isEqualTo(TestChain.GENESIS_TIME + 2 * TestChain.BLOCK_INTERVAL_MILLIS);
    assertThat(chain.read(Recall.recalledKey(lot("L2"))).orElseThrow().path("recall").asLong()).isEqualTo(1);
    assertThat(chain.read(Recall.COUNT_KEY).orElseThrow().path("count").asLong()).isEqualTo(1);
  }

  @Test
  void onlyTheRecallRoleRecalls() {
    TestChain chain = chainWithLots();
    assertThat(reverted(chain.call(OUTSIDER, "trace", "recall", recall("x", lot("L1"))), "UNAUTHORIZED")).contains("trace.recall");
    assertThat(chain.read(Recall.recalledKey(lot("L1")))).isEmpty();
  }

  @Test
  void badArgumentsAreRefusedNamingTheLot() {
    TestChain chain = chainWithLots();
    assertThat(reverted(chain.call(REGULATOR, "trace", "recall", recall("x", lot("L1"), "https://id.gs1.org/01/10614141073464/10/L1")), "BAD_ARGUMENT"))
        .startsWith("lots[1]: names the same lot as lots[0]");
    assertThat(reverted(chain.call(REGULATOR, "trace", "recall", recall("x", item(1))), "BAD_ARGUMENT")).startsWith("lots[0]: ").contains("not a lot");
    assertThat(reverted(chain.call(REGULATOR, "trace", "recall", recall("x", "urn:epc:class:lgtin:0614141.10734.L1")), "BAD_ARGUMENT")).contains("malformed");
    assertThat(reverted(chain.call(REGULATOR, "trace", "recall", recall("  ", lot("L1"))), "BAD_ARGUMENT")).startsWith("reason:");
    assertThat(reverted(chain.call(REGULATOR, "trace", "recall", recall("x")), "BAD_ARGUMENT")).startsWith("lots:");
    assertThat(reverted(chain.call(REGULATOR, "trace", "recall", recall("x", lot("L1"), lot("NOPE"))), "UNKNOWN_LOT")).startsWith("lots[1]: ").contains(lot("NOPE"));
    assertThat(chain.read(Recall.COUNT_KEY)).isEmpty();
  }

  @Test
  void recallingALotAgainChangesNothingAndSaysWhichRecallHasIt() {
    TestChain chain = chainWithLots();
    applied(chain.call(REGULATOR, "trace", "recall", recall("first", lot("L1"))));
    var before = chain.snapshot();
    String reason = reverted(chain.call(REGULATOR, "trace", "recall", recall("again", lot("L1"))), "ALREADY_RECALLED");
    assertThat(reason).contains(lot("L1")).contains(":1");
    before.keySet().stream().filter(k -> k.startsWith("trace/")).forEach(k -> assertThat(chain.snapshot().get(k)).isEqualTo(before.get(k)));
    // a recall naming an old and a new lot records only the new one
    applied(chain.call(REGULATOR, "trace", "recall", recall("wider", lot("L1"), lot("L2"))));
    JsonNode second = chain.read(Recall.recallKey(2)).orElseThrow();
    assertThat(second.path("lots")).extracting(JsonNode::asText).containsExactly(lot("L2"));
    assertThat(second.path("alreadyRecalled").path(lot("L1")).asLong()).isEqualTo(1);
    assertThat(chain.read(Recall.recalledKey(lot("L1"))).orElseThrow().path("recall").asLong()).isEqualTo(1);
  }

  @Provide
  Arbitrary<List<List<String>>> calls() {
    Arbitrary<String> lot = Arbitraries.of("L1", "L2", "L3", "L4");
    return lot.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 40)
  void everyKnownLotIsRecalledAtMostOnceAndRecordsAgreeWithTheIndex(@ForAll("calls") List<List<String>> calls) {
    TestChain chain = chainWithLots();
    TreeMap<String, Long> recalledBy = new TreeMap<>();
    long applied = 0;
    for (List<String> call : calls) {
      Receipt r = chain.call(REGULATOR, "trace", "recall", recall("because", call.stream().map(TraceEvents::lot).toArray(String[]::new)));
      boolean duplicate = call.stream().distinct().count() < call.size();
      boolean unknown = call.stream().anyMatch(l -> !KNOWN.contains(l));
      boolean allDone = call.stream().allMatch(l -> recalledBy.containsKey(lot(l)));
      if (duplicate) {
        reverted(r, "BAD_ARGUMENT");
      } else if (unknown) {
        reverted(r, "UNKNOWN_LOT");
      } else if (allDone) {
        reverted(r, "ALREADY_RECALLED");
      } else {
        applied(r);
        applied++;
        for (String l : call) {
          recalledBy.putIfAbsent(lot(l), applied);
        }
      }
    }
    assertThat(chain.read(Recall.COUNT_KEY).map(n -> n.path("count").asLong()).orElse(0L)).isEqualTo(applied);
    for (String l : KNOWN) {
      assertThat(chain.read(Recall.recalledKey(lot(l))).map(n -> n.path("recall").asLong())).isEqualTo(Optional.ofNullable(recalledBy.get(lot(l))));
    }
    for (long id = 1; id <= applied; id++) {
      for (JsonNode l : chain.read(Recall.recallKey(id)).orElseThrow().path("lots")) {
        assertThat(recalledBy.get(l.asText())).isEqualTo(id);
      }
    }
    assertThat(chain.read(Recall.recalledKey(lot("L4")))).isEmpty();
  }
}
