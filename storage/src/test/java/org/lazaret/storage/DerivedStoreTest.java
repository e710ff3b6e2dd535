package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: the derived store's scans visit exactly the keys of a range, in either direction, stop
 * when told, and see a batch whole; what was written survives a reopen. Method: small keys whose
 * byte order is known, including bytes above 0x7f (unsigned order) and a range end equal to a key.
 */
class DerivedStoreTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<String> scan(DerivedStore db, String from, String to, boolean reverse, int max) {
    List<String> out = new ArrayList<>();
    db.scan(b(from), b(to), reverse, (k, v) -> {
      out.add(new String(k, StandardCharsets.ISO_8859_1));
      return out.size() < max;
    });
    return out;
  }

  @Test
  void scansVisitTheRangeInEitherDirectionAndStopWhenTold() {
    try (DerivedStore db = DerivedStore.open(dir)) {
      try (DerivedStore.Batch batch = new DerivedStore.Batch()) {
        for (String k : List.of("a1", "a2", "a3", "a\u00ff", "b1", "c")) {
          batch.put(b(k), b("v" + k));
        }
        db.write(batch, true);
      }
      assertThat(scan(db, "a", "b", false, 10)).containsExactly("a1", "a2", "a3", "a\u00ff");
      assertThat(scan(db, "a", "b", true, 10)).containsExactly("a\u00ff", "a3", "a2", "a1");
      assertThat(scan(db, "a2", "b1", true, 10)).as("the end is exclusive in reverse too").containsExactly("a\u00ff", "a3", "a2");
      assertThat(scan(db, "a", "c", false, 2)).containsExactly("a1", "a2");
      assertThat(scan(db, "b", "b", false, 10)).isEmpty();
      assertThat(new String(DerivedStore.prefixEnd(b("a\u00ff")), StandardCharsets.ISO_8859_1)).isEqualTo("b");
      assertThatThrownBy(() -> DerivedStore.prefixEnd(new byte[] {(byte) 0xff})).isInstanceOf(IllegalArgumentException.class);
      try (DerivedStore.Batch batch = new DerivedStore.Batch()) {
        batch.deleteRange(b("a2"), b("b")).delete(b("c"));
        db.write(batch, false);
      }
      assertThat(scan(db, "a", "z", false, 10)).containsExactly("a1", "b1");
    }
    try (DerivedStore db = DerivedStore.open(dir)) {
      assertThat(db.get(b("a1")).map(v -> new String(v, StandardCharsets.ISO_8859_1))).contains("va1");
      assertThat(db.get(b("c"))).isEmpty();
    }
  }
}
