package org.lazaret.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lazaret.core.InvariantViolation;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;

/**
 * The transaction and receipt tree against RFC 6962 itself: the published test vectors, and a
 * literal transcription of the RFC's recursive MTH and PATH definitions written here, apart from
 * the level-by-level code under test.
 */
class MerkleTreeTest {

  // ---------------------------------------------------------------- RFC 6962 reference, section 2.1

  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  private static Hash32 sha(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return Hash32.sha256(all);
  }

  /** MTH(D[n]) exactly as RFC 6962 section 2.1 defines it, over the leaf data. */
  static Hash32 mth(List<byte[]> d) {
    if (d.isEmpty()) {
      return sha();
    }
    if (d.size() == 1) {
      return sha(new byte[] {0}, d.get(0));
    }
    int k = largestPowerOfTwoBelow(d.size());
    return sha(new byte[] {1}, mth(d.subList(0, k)).toBytes(), mth(d.subList(k, d.size())).toBytes());
  }

  /** PATH(m, D[n]) exactly as RFC 6962 section 2.1.1 defines it. */
  static List<Hash32> path(int m, List<byte[]> d) {
    if (d.size() == 1) {
      return new ArrayList<>();
    }
    int k = largestPowerOfTwoBelow(d.size());
    List<Hash32> out;
    if (m < k) {
      out = path(m, d.subList(0, k));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out = path(m - k, d.subList(k, d.size()));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  private static MerkleTree treeOf(List<byte[]> data) {
    List<Hash32> leaves = new ArrayList<>();
    for (byte[] d : data) {
      leaves.add(MerkleTree.leafHash(d));
    }
    return MerkleTree.ofLeafHashes(leaves);
  }

  private static List<byte[]> randomLeaves(Random r, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Distinct leaves: two equal leaves are interchangeable, so "wrong index" would not be wrong.
      byte[] b = new byte[2 + r.nextInt(40)];
      r.nextBytes(b);
      b[0] = (byte) i;
      b[1] = (byte) (i >> 8);
      out.add(b);
    }
    return out;
  }

  // ---------------------------------------------------------------- published vectors

  /**
   * The Certificate Transparency test vectors (google/certificate-transparency,
   * python/ct/crypto/merkle_test.py; also in transparency-dev/merkle): eight leaves and MTH of
   * every prefix.
   */
  private static final List<byte[]> CT_LEAVES =
      hexAll("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");

  private static final List<String> CT_ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static List<byte[]> hexAll(String... hex) {
    List<byte[]> out = new ArrayList<>();
    for (String h : hex) {
      out.add(HexFormat.of().parseHex(h));
    }
    return out;
  }

  @Test
  void reproducesThePublishedRoots() {
    for (int n = 0; n <= 8; n++) {
      List<byte[]> d = CT_LEAVES.subList(0, n);
      assertThat(treeOf(d).root().hex()).as("size %d", n).isEqualTo(CT_ROOTS.get(n));
      assertThat(mth(d).hex()).as("reference, size %d", n).isEqualTo(CT_ROOTS.get(n));
    }
    assertThat(MerkleTree.EMPTY_ROOT.hex()).isEqualTo(CT_ROOTS.get(0));
  }

  @Test
  void reproducesThePublishedAuditPaths() {
    MerkleTree t8 = treeOf(CT_LEAVES);
    assertThat(t8.prove(0).path())
        .extracting(Hash32::hex)
        .containsExactly(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(t8.prove(5).path())
        .extracting(Hash32::hex)
        .containsExactly(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(treeOf(CT_LEAVES.subList(0, 3)).prove(2).path())
        .extracting(Hash32::hex)
        .containsExactly("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    assertThat(treeOf(CT_LEAVES.subList(0, 1)).prove(0).path()).isEmpty();
  }

  // ---------------------------------------------------------------- every size 1..130

  @Test
  void everyLeafOfEverySizeProvesAgainstTheReferenceRoot() {
    Random r = new Random(6962);
    for (int n = 1; n <= 130; n++) {
      List<byte[]> data = randomLeaves(r, n);
      MerkleTree tree = treeOf(data);
      Hash32 root = tree.root();
      assertThat(root).as("root of %d leaves", n).isEqualTo(mth(data));
      assertThat(tree.leafCount()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        Hash32 leaf = MerkleTree.leafHash(data.get(i));
        MerkleProof p = tree.prove(i);
        assertThat(p.leafIndex()).isEqualTo(i);
        assertThat(p.leafCount()).isEqualTo(n);
        assertThat(p.path()).as("path %d of %d", i, n).isEqualTo(path(i, data));
        assertThat(p.verify(leaf, root)).as("leaf %d of %d", i, n).isTrue();
        assertTamperingFails(r, data, root, i, p);
      }
    }
  }

  private static void assertTamperingFails(Random r, List<byte[]> data, Hash32 root, int i, MerkleProof p) {
    int n = data.size();
    Hash32 leaf = MerkleTree.leafHash(data.get(i));
    // Any flipped bit in any path hash.
    for (int k = 0; k < p.path().size(); k++) {
      List<Hash32> path = new ArrayList<>(p.path());
      byte[] b = path.get(k).toBytes();
      int bit = r.nextInt(256);
      b[bit / 8] ^= (byte) (1 << (bit % 8));
      path.set(k, Hash32.wrap(b));
      assertThat(new MerkleProof(i, n, path).verify(leaf, root)).as("flipped bit in path[%d] of leaf %d/%d", k, i, n).isFalse();
    }
    // A path one hash too short or too long.
    if (!p.path().isEmpty()) {
      assertThat(new MerkleProof(i, n, p.path().subList(0, p.path().size() - 1)).verify(leaf, root)).isFalse();
    }
    List<Hash32> longer = new ArrayList<>(p.path());
    longer.add(root);
    assertThat(new MerkleProof(i, n, longer).verify(leaf, root)).isFalse();
    // Wrong index: the neighbours and one at random.
    for (int j : new int[] {i - 1, i + 1, r.nextInt(n)}) {
      if (j >= 0 && j < n && j != i) {
        assertThat(new MerkleProof(j, n, p.path()).verify(leaf, root)).as("leaf %d claimed as %d of %d", i, j, n).isFalse();
      }
    }
    // Wrong count, where the RFC 9162 algorithm sees a differently shaped tree.
    for (int c : new int[] {n + 1, n * 2, i + 1, Math.max(1, n / 2), r.nextInt(200) + 1}) {
      if (c != n && i < c && pathLength(i, c) != p.path().size()) {
        assertThat(new MerkleProof(i, c, p.path()).verify(leaf, root)).as("leaf %d of %d claimed in %d", i, n, c).isFalse();
      }
    }
    // Wrong leaf, wrong root.
    int other = (i + 1) % n;
    if (n > 1) {
      assertThat(p.verify(MerkleTree.leafHash(data.get(other)), root)).isFalse();
    }
    assertThat(p.verify(MerkleTree.leafHash(new byte[] {1, 2, 3}), root)).isFalse();
    assertThat(p.verify(leaf, MerkleTree.EMPTY_ROOT)).isFalse();
  }

  /** The length of PATH(m, D[n]), following the same recursion without hashing. */
  private static int pathLength(int m, int n) {
    if (n == 1) {
      return 0;
    }
    int k = largestPowerOfTwoBelow(n);
    return 1 + (m < k ? pathLength(m, k) : pathLength(m - k, n - k));
  }

  @Test
  void aProofDoesNotAuthenticateTheTreeSizeOnlyTheRootDoes() {
    // Measured limit of RFC 9162 verification: sizes 8 and 7 look the same from leaf 5, so the
    // count must come from a trusted header (ProofFile checks it against header.txCount()).
    MerkleTree t8 = treeOf(CT_LEAVES);
    MerkleProof p = t8.prove(5);
    Hash32 leaf = MerkleTree.leafHash(CT_LEAVES.get(5));
    assertThat(new MerkleProof(5, 7, p.path()).verify(leaf, t8.root())).isTrue();
    assertThat(new MerkleProof(5, 7, p.path()).verify(leaf, treeOf(CT_LEAVES.subList(0, 7)).root())).isFalse();
  }

  @Test
  void aLeafCannotPassForAnInnerNode() {
    Hash32 a = MerkleTree.leafHash(new byte[] {1});
    Hash32 b = MerkleTree.leafHash(new byte[] {2});
    Hash32 root = MerkleTree.rootOfLeafHashes(List.of(a, b));
    byte[] concatenated = new byte[64];
    a.copyTo(concatenated, 0);
    b.copyTo(concatenated, 32);
    assertThat(MerkleTree.rootOfLeafHashes(List.of(MerkleTree.leafHash(concatenated)))).isNotEqualTo(root);
    assertThat(Hash32.tagged(1, a, b)).isEqualTo(root);
  }

  @Test
  void proofsRefuseImpossibleShapes() {
    assertThatThrownBy(() -> new MerkleProof(0, 0, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MerkleProof(3, 3, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MerkleProof(-1, 3, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MerkleProof(0, 3, Collections.nCopies(Limits.MERKLE_DEPTH_MAX + 1, Hash32.ZERO)))
        .isInstanceOf(IllegalArgumentException.class);
    MerkleTree t = treeOf(CT_LEAVES);
    assertThatThrownBy(() -> t.prove(8)).isInstanceOf(InvariantViolation.class);
    assertThatThrownBy(() -> treeOf(List.of()).prove(0)).isInstanceOf(InvariantViolation.class);
  }

  @Test
  void aSingleLeafTreeIsItsLeaf() {
    Hash32 leaf = MerkleTree.leafHash(new byte[] {7});
    MerkleTree t = MerkleTree.ofLeafHashes(List.of(leaf));
    assertThat(t.root()).isEqualTo(leaf);
    assertThat(t.prove(0).verify(leaf, leaf)).isTrue();
  }
}
