package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;

/**
 * The values the store keeps in place of many small ones: a block's receipt page, its recorded
 * state writes, and a key's versions of a checkpoint window. Each decodes to what was encoded,
 * one receipt is read from its page without the others, and a cut or lengthened value is refused
 * rather than misread.
 */
class StoredPagesPropertyTest {
  @Provide
  Arbitrary<TreeMap<String, Optional<Bytes>>> writeSets() {
    Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'z').withChars('/', 'é', '你').ofMinLength(1).ofMaxLength(40);
    Arbitrary<Optional<Bytes>> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Bytes::of).optional(0.8);
    return Arbitraries.maps(keys, values).ofMaxSize(30).map(TreeMap::new);
  }

  @Provide
  Arbitrary<List<Receipt>> receiptLists() {
    Arbitrary<Hash32> ids = Arbitraries.bytes().array(byte[].class).ofSize(8).map(Hash32::sha256);
    Arbitrary<Receipt> applied =
        Combinators.combine(ids, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).list().ofMaxSize(3))
            .as((id, names) -> new Receipt.Applied(id, names.stream().map(n -> Event.of("token", n, org.lazaret.core.json.CanonicalJson.object().put("n", n))).toList()));
    Arbitrary<Receipt> reverted = Combinators.combine(ids, Arbitraries.strings().alpha().ofMaxLength(20)).as((id, reason) -> new Receipt.Reverted(id, "CODE", reason));
    return Arbitraries.oneOf(applied, reverted).list().ofMaxSize(25);
  }

  @Property(tries = 60)
  void aWriteSetDecodesToWhatWasEncoded(@ForAll("writeSets") TreeMap<String, Optional<Bytes>> writes) throws DecodeException {
    byte[] encoded = WriteSet.encode(writes);
    assertThat(WriteSet.decode(encoded)).isEqualTo(writes);
    assertThat(WriteSet.encode(WriteSet.decode(encoded))).isEqualTo(encoded);
  }

  @Property(tries = 30)
  void aCutOrLengthenedWriteSetIsRefused(@ForAll("writeSets") TreeMap<String, Optional<Bytes>> writes) {
    byte[] encoded = WriteSet.encode(writes);
    for (int length = 0; length < encoded.length; length++) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> WriteSet.decode(cut)).as("prefix of %d bytes", length).isInstanceOf(DecodeException.class);
    }
    assertThatThrownBy(() -> WriteSet.decode(Arrays.copyOf(encoded, encoded.length + 1))).isInstanceOf(DecodeException.class);
  }

  /** One encoding per write set: a changed byte is refused or reads as another set that encodes to exactly those bytes. */
  @Property(tries = 100)
  void aChangedByteNeverReadsAsANearCopy(@ForAll("writeSets") TreeMap<String, Optional<Bytes>> writes, @ForAll java.util.Random random) {
    byte[] encoded = WriteSet.encode(writes);
    byte[] changed = encoded.clone();
    int at = random.nextInt(changed.length);
    changed[at] ^= (byte) (1 + random.nextInt(255));
    try {
      var other = WriteSet.decode(changed);
      assertThat(other).isNotEqualTo(writes);
      assertThat(WriteSet.encode(other)).isEqualTo(changed);
    } catch (DecodeException refused) {
      // as most changes are
    }
  }

  @Property(tries = 60)
  void aReceiptPageGivesBackEachReceiptAloneAndAllTogether(@ForAll("receiptLists") List<Receipt> receipts) throws DecodeException {
    byte[] page = ReceiptPage.encode(receipts);
    assertThat(ReceiptPage.all(page)).isEqualTo(receipts);
    for (int i = 0; i < receipts.size(); i++) {
      assertThat(ReceiptPage.at(page, i)).as("receipt %d", i).contains(receipts.get(i));
    }
    assertThat(ReceiptPage.at(page, receipts.size())).isEmpty();
    assertThat(ReceiptPage.at(page, -1)).isEmpty();
  }

  @Property(tries = 30)
  void aCutOrLengthenedReceiptPageIsRefused(@ForAll("receiptLists") List<Receipt> receipts) {
    byte[] page = ReceiptPage.encode(receipts);
    List<Integer> lengths = new ArrayList<>();
    for (int length = 0; length < page.length; length += Math.max(1, page.length / 100)) {
      lengths.add(length);
    }
    for (int length : lengths) {
      byte[] cut = Arrays.copyOf(page, length);
      assertThatThrownBy(() -> ReceiptPage.all(cut)).as("prefix of %d bytes", length).isInstanceOf(DecodeException.class);
    }
    assertThatThrownBy(() -> ReceiptPage.all(Arrays.copyOf(page, page.length + 1))).isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
  }

  @Provide
  Arbitrary<List<HistoryEntry>> versionLists() {
    Arbitrary<Optional<Bytes>> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Bytes::of).optional(0.8);
    Arbitrary<Long> gaps = Arbitraries.longs().between(1, 1L << 40);
    return Combinators.combine(Arbitraries.longs().between(0, 1L << 40), Combinators.combine(gaps, values).as((g, v) -> new Object[] {g, v}).list().ofMinSize(1).ofMaxSize(20))
        .as((start, steps) -> {
          List<HistoryEntry> out = new ArrayList<>();
          long h = start;
          for (Object[] step : steps) {
            @SuppressWarnings("unchecked")
            Optional<Bytes> v = (Optional<Bytes>) step[1];
            out.add(new HistoryEntry(h, v));
            h += (Long) step[0];
          }
          return out;
        });
  }

  private static byte[] group(List<HistoryEntry> versions) {
    HistoryGroup g = new HistoryGroup(versions.get(0).height());
    versions.forEach(v -> g.add(v.height(), v.value()));
    return g.encode();
  }

  @Property(tries = 60)
  void aHistoryGroupDecodesToItsVersionsUnderItsFirstHeightOnly(@ForAll("versionLists") List<HistoryEntry> versions) throws DecodeException {
    byte[] encoded = group(versions);
    long first = versions.get(0).height();
    assertThat(HistoryGroup.decode(encoded, first)).isEqualTo(versions);
    assertThatThrownBy(() -> HistoryGroup.decode(encoded, first + 1)).isInstanceOf(DecodeException.class).hasMessageContaining("stored under");
  }

  @Property(tries = 30)
  void aCutOrLengthenedHistoryGroupIsRefused(@ForAll("versionLists") List<HistoryEntry> versions) {
    byte[] encoded = group(versions);
    long first = versions.get(0).height();
    for (int length = 0; length < encoded.length; length++) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> HistoryGroup.decode(cut, first)).as("prefix of %d bytes", length).isInstanceOf(DecodeException.class);
    }
    assertThatThrownBy(() -> HistoryGroup.decode(Arrays.copyOf(encoded, encoded.length + 1), first)).isInstanceOf(DecodeException.class);
  }

  @Property(tries = 20)
  void aGroupTakesVersionsInAscendingHeightOnly(@ForAll("versionLists") List<HistoryEntry> versions) {
    HistoryGroup g = new HistoryGroup(versions.get(0).height());
    versions.forEach(v -> g.add(v.height(), v.value()));
    HistoryEntry last = versions.get(versions.size() - 1);
    assertThatThrownBy(() -> g.add(last.height(), last.value())).isInstanceOf(org.lazaret.core.InvariantViolation.class);
  }
}
