package org.lazaret.epcis;

import java.util.List;
import org.lazaret.epcis.hash.PreHashes;

/**
 * The GS1 event hash ID of every event of an EPCIS 2.0 JSON/JSON-LD document (CBV 2.0, section
 * "EPCIS event hash ID"): {@code ni:///sha-256;<hex>?ver=CBV2.0}. Two captures of the same event
 * get the same ID however they are serialised (key order, EPC URN or Digital Link, time zone,
 * number formatting), which is how the trace contract refuses duplicates. Works offline: the EPCIS
 * JSON-LD context is built in, nothing is fetched. Stateless and thread-safe.
 */
public final class EventHash {
  private EventHash() {}

  /**
   * One hash ID per event, in document order.
   *
   * @throws EpcisFormatException if the text is not JSON or not an EPCIS document with events
   */
  public static List<String> hashIds(String json) {
    return preHashes(json).stream().map(PreHashes::hashId).toList();
  }

  /** The canonical pre-hash string of each event (what is hashed), for debugging. */
  public static List<String> preHashes(String json) {
    return PreHashes.of(Json.read(json));
  }
}
