package org.lazaret.node.trace;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the next page of an event query starts: after the last event returned, in the query's
 * order (its sort time and seq), with how many events all pages have returned so far (for
 * eventCountLimit) and a fingerprint of the query it belongs to, so that a token is not replayed
 * against another query. Opaque to clients: base64url text. Keyset rather than offset, so events
 * committed between two pages neither repeat nor shift later ones.
 */
record PageToken(long time, long seq, long returned, String fingerprint) {
  private static final String VERSION = "1";

  String encode() {
    String text = VERSION + ":" + time + ":" + seq + ":" + returned + ":" + fingerprint;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The token a client sent back; empty when it is not one this node wrote. */
  static Optional<PageToken> decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
      String[] p = text.split(":", -1);
      if (p.length != 5 || !p[0].equals(VERSION) || !p[4].matches("[0-9a-f]{16}")) {
        return Optional.empty();
      }
      long returned = Long.parseLong(p[3]);
      long seq = Long.parseLong(p[2]);
      if (returned < 0 || seq < 0) {
        return Optional.empty();
      }
      return Optional.of(new PageToken(Long.parseLong(p[1]), seq, returned, p[4]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
