package org.lazaret.contracts.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Revert;
import org.lazaret.core.Invariants;
import org.lazaret.core.Limits;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.Identifiers;

/**
 * Recalls of lots. A member holding {@value #ROLE} calls {@code recall {lots: [...], reason}};
 * each lot (LGTIN, as EPC URN or GS1 Digital Link) must already be named by an event on the
 * ledger, so a mistyped lot is refused ({@code UNKNOWN_LOT}) instead of recalling nothing. A lot is
 * recalled once: a lot already recalled is left out of the new recall and listed under {@code
 * alreadyRecalled}, and a call whose every lot is already recalled changes nothing and reverts
 * ({@code ALREADY_RECALLED}, naming the recalls), so retrying a recall is safe. Checks run in the
 * contract's fixed order: arguments (a lot given twice, in whatever spelling, is refused), role,
 * lookups, state.
 *
 * <p>State: {@code trace/recalls} {@code {count}}; {@code trace/recall/<n>} (n from 1) {@code {id,
 * lots, alreadyRecalled, reason, org, sender, time, height, txId}}; {@code trace/recalled/<lot>}
 * {@code {recall, time, org}}. Emits {@code LotRecalled} per lot. Which lots and items downstream
 * are affected is computed by the node from the trace state, as the lineage grows after the recall.
 */
public final class Recall {
  public static final String ROLE = "trace.recall";
  public static final String METHOD = "recall";
  public static final String COUNT_KEY = "trace/recalls";
  public static final int LOTS_PER_RECALL_MAX = 50;

  static {
    Invariants.check(LOTS_PER_RECALL_MAX < Limits.RECEIPT_EVENT_COUNT_MAX, "a recall emits one event per lot");
  }

  private Recall() {}

  public static String recallKey(long id) {
    return "trace/recall/" + id;
  }

  public static String recalledKey(String lot) {
    return "trace/recalled/" + lot;
  }

  /** The checked arguments: lots as EPC URNs in the order given, and the reason. */
  record Request(List<String> lots, String reason) {}

  static Request args(Args a) {
    a.only("lots", "reason");
    JsonNode list = a.node("lots");
    if (!list.isArray() || list.isEmpty() || list.size() > LOTS_PER_RECALL_MAX) {
      throw a.invalid("lots", "must be an array of 1 to " + LOTS_PER_RECALL_MAX + " lots");
    }
    TreeMap<String, Integer> seen = new TreeMap<>();
    List<String> lots = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "lots[" + i + "]";
      JsonNode v = list.get(i);
      if (!v.isTextual()) {
        throw a.invalid(at, "must be a lot identifier (string)");
      }
      String urn;
      try {
        urn = Identifiers.toUrn(v.textValue());
      } catch (IllegalArgumentException e) {
        throw a.invalid(at, "'" + v.textValue() + "' is a malformed GS1 identifier: " + e.getMessage());
      }
      if (!Lots.isLot(urn)) {
        throw a.invalid(at, "'" + v.textValue() + "' is not a lot: give an LGTIN (urn:epc:class:lgtin:... or a Digital Link with /01/.../10/...)");
      }
      Integer before = seen.put(urn, i);
      if (before != null) {
        throw a.invalid(at, "names the same lot as lots[" + before + "] (" + urn + ")");
      }
      lots.add(urn);
    }
    String reason = a.text("reason").strip();
    if (reason.isEmpty() || reason.getBytes(StandardCharsets.UTF_8).length > Limits.REASON_BYTES_MAX || reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
      throw a.invalid("reason", "must be printable text of 1 to " + Limits.REASON_BYTES_MAX + " bytes");
    }
    return new Request(lots, reason);
  }

  static void recall(Args a, Context ctx) {
    Request r = args(a);
    String org = ctx.roles().require(ROLE);
    for (int i = 0; i < r.lots().size(); i++) {
      if (ctx.read(TraceContract.epcKey(r.lots().get(i))).isEmpty()) {
        throw new Revert("UNKNOWN_LOT", "lots[" + i + "]: no event on the ledger names " + r.lots().get(i));
      }
    }
    List<String> fresh = new ArrayList<>();
    ObjectNode already = CanonicalJson.object();
    for (String lot : r.lots()) {
      ctx.read(recalledKey(lot)).ifPresentOrElse(p -> already.put(lot, p.path("recall").asLong()), () -> fresh.add(lot));
    }
    if (fresh.isEmpty()) {
      throw new Revert("ALREADY_RECALLED", "lots: every lot is already recalled: " + already);
    }
    long id = ctx.read(COUNT_KEY).map(n -> n.path("count").asLong()).orElse(0L) + 1;
    Invariants.check(ctx.read(recallKey(id)).isEmpty(), "recall %s already exists", id);
    ObjectNode rec = CanonicalJson.object().put("id", id);
    ArrayNode lots = rec.putArray("lots");
    fresh.forEach(lots::add);
    rec.set("alreadyRecalled", already);
    rec.put("reason", r.reason()).put("org", org).put("sender", ctx.sender().hex()).put("time", ctx.timeMillis()).put("height", ctx.height())
        .put("txId", ctx.txId().hex());
    ctx.write(recallKey(id), rec);
    ctx.write(COUNT_KEY, CanonicalJson.object().put("count", id));
    for (String lot : fresh) {
      ctx.write(recalledKey(lot), CanonicalJson.object().put("recall", id).put("time", ctx.timeMillis()).put("org", org));
      ctx.emit("LotRecalled", CanonicalJson.object().put("recall", id).put("lot", lot).put("reason", r.reason()).put("org", org));
    }
  }
}
