package org.lazaret.core.tx;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.Limits;
import org.lazaret.core.json.CanonicalJson;

/** Something a contract announces when a call succeeds; kept in the receipt and streamed. */
public record Event(String contract, String name, Bytes data) {
  public Event {
    if (contract.getBytes(StandardCharsets.UTF_8).length > Limits.NAME_BYTES_MAX) {
      throw new IllegalArgumentException("event contract: over " + Limits.NAME_BYTES_MAX + " bytes");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > Limits.NAME_BYTES_MAX) {
      throw new IllegalArgumentException("event name: over " + Limits.NAME_BYTES_MAX + " bytes");
    }
    if (data.length() > Limits.EVENT_DATA_BYTES_MAX) {
      throw new IllegalArgumentException("event data: over " + Limits.EVENT_DATA_BYTES_MAX + " bytes");
    }
  }

  public static Event of(String contract, String name, JsonNode data) {
    return new Event(contract, name, Bytes.owning(CanonicalJson.encode(data)));
  }

  public JsonNode dataJson() {
    return CanonicalJson.parse("event data", data.unsafeArray());
  }

  void encode(Writer w) {
    w.string(contract).string(name).bytes(data);
  }

  static Event decode(Reader r) throws DecodeException {
    return new Event(
        r.string("event.contract", Limits.NAME_BYTES_MAX),
        r.string("event.name", Limits.NAME_BYTES_MAX),
        Bytes.owning(r.bytes("event.data", Limits.EVENT_DATA_BYTES_MAX)));
  }
}
