package org.lazaret.contracts.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.state.SparseMerkleTree;

/**
 * Goal: show that a trust-list snapshot is evidence: what it lists is exactly what its state proofs
 * show for the block it names, and no edit survives opening it. Method: a {@link TestChain} with
 * two signers (one suspended), a revoked certificate and a policy; its whole state is put in a
 * sparse Merkle tree to make a block header and proofs, as a node would; the snapshot built from
 * them is opened, anchored to the right and a wrong block hash, and edited in targeted ways and by
 * flipping random bits, each of which must be refused with a reason.
 */
class TrustSnapshotTest {
  static final String HASH = Dsc.hash("URN:UVCI:01:XX:LAB/0001#A");

  /** A chain state in a sparse Merkle tree, with a header over its root: what a node would prove from. */
  record Proven(TreeMap<String, Bytes> state, Map<Hash32, SmtNode> nodes, BlockHeader header) {
    static Proven of(TestChain c) {
      TreeMap<String, Bytes> state = c.snapshot();
      List<SparseMerkleTree.Update> updates = new ArrayList<>();
      state.forEach((k, v) -> updates.add(new SparseMerkleTree.Update(keyHash(k), Optional.of(Hash32.sha256(v.toArray())))));
      updates.sort((a, b) -> a.keyHash().compareTo(b.keyHash()));
      SparseMerkleTree.Result r = SparseMerkleTree.update(h -> Optional.empty(), Hash32.ZERO, updates);
      BlockHeader header = new BlockHeader(TestChain.CHAIN, c.height(), Hash32.ZERO, c.nextTime() - TestChain.BLOCK_INTERVAL_MILLIS, MerkleTree.EMPTY_ROOT, MerkleTree.EMPTY_ROOT, r.root(), 0);
      return new Proven(state, new HashMap<>(r.created()), header);
    }

    TrustSnapshot.Proven read(String key) {
      Optional<byte[]> value = Optional.ofNullable(state.get(key)).map(Bytes::toArray);
      var proof = SparseMerkleTree.prove(h -> Optional.ofNullable(nodes.get(h)), header.stateRoot(), keyHash(key));
      return new TrustSnapshot.Proven(value.map(Bytes::of), CanonicalJson.parse("proof", ProofFile.stateProof(header, key, value, proof)));
    }

    byte[] snapshot() {
      return TrustSnapshot.build(header, this::read);
    }

    static Hash32 keyHash(String key) {
      return Hash32.sha256(key.getBytes(StandardCharsets.UTF_8));
    }
  }

  static TestChain populated() {
    TestChain c = CredentialsContractTest.chain();
    applied(CredentialsContractTest.register(c, CredentialsContractTest.LAB_ISSUER, CredentialsContractTest.LAB_DSC));
    applied(CredentialsContractTest.register(c, CredentialsContractTest.CLINIC_ADMIN, CredentialsContractTest.CLINIC_DSC));
    applied(CredentialsContractTest.change(c, CredentialsContractTest.CLINIC_ADMIN, "suspendSigner", CredentialsContractTest.CLINIC_DSC, "audit"));
    applied(c.call(CredentialsContractTest.LAB_ISSUER, "credentials", "recordIssued", obj("hash", HASH)));
    applied(c.call(CredentialsContractTest.LAB_ISSUER, "credentials", "revokeCertificate", obj("hash", HASH, "reason", "issued in error")));
    applied(c.call(CredentialsContractTest.LAB_ADMIN, "credentials", "putPolicy", obj("name", "care-home", "rules", CanonicalJson.parse("r", CredentialsContractTest.VALID_RULES))));
    return c;
  }

  static final Proven PROVEN = Proven.of(populated());
  static final byte[] SNAPSHOT = PROVEN.snapshot();

  static ObjectNode doc() {
    return (ObjectNode) CanonicalJson.parse("snapshot", SNAPSHOT);
  }

  static byte[] bytes(JsonNode doc) {
    return (CanonicalJson.encodeToString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSnapshotListsTheLedgersTrustDataAndOpensToTheSameData() throws Exception {
    ObjectNode doc = doc();
    assertThat(doc.path("type").asText()).isEqualTo(TrustSnapshot.TYPE);
    assertThat(doc.path("blockHash").asText()).isEqualTo(PROVEN.header().hash().hex());
    assertThat(doc.path("height").asLong()).isEqualTo(PROVEN.header().height());
    assertThat(doc.path("maxAgeMillis").asLong()).isEqualTo(CredentialsContract.SNAPSHOT_MAX_AGE_DEFAULT);
    assertThat(doc.path("revoked")).containsExactly(com.fasterxml.jackson.databind.node.TextNode.valueOf(HASH));
    assertThat(doc.path("signers")).hasSize(2);
    assertThat(doc.path("policies").get(0).path("name").asText()).isEqualTo("care-home");
    // signers index, 2 signers, policies index, 1 policy, revocation count, 1 page, max-age parameter (absent)
    assertThat(doc.path("proofs")).hasSize(8);
    assertThat(SNAPSHOT[SNAPSHOT.length - 1]).isEqualTo((byte) '\n');

    TrustSnapshot.Opened opened = TrustSnapshot.verify(SNAPSHOT, PROVEN.header().hash());
    TrustData data = opened.data();
    assertThat(opened.proofCount()).isEqualTo(8);
    assertThat(data.asOf().source()).isEqualTo(TrustData.Source.SNAPSHOT);
    assertThat(data.asOf().blockTimeMillis()).isEqualTo(PROVEN.header().timestampMillis());
    assertThat(data.signers()).extracting(Signer::status).containsExactlyInAnyOrder(SignerStatus.ACTIVE, SignerStatus.SUSPENDED);
    assertThat(data.trustList().keys()).hasSize(1);
    assertThat(data.trustList().keys().get(0).kid().toString()).isEqualTo(Dsc.kid(CredentialsContractTest.LAB_DSC));
    assertThat(data.revocations().hashes()).containsExactly(HASH);
    assertThat(data.policyNames()).startsWith("care-home").contains("workplace");
    assertThat(TrustSnapshot.looksLikeSnapshot(SNAPSHOT)).isTrue();
    assertThat(TrustSnapshot.looksLikeSnapshot("-----BEGIN CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII))).isFalse();
  }

  @Test
  void aSnapshotOfAnotherBlockIsRefusedAgainstTheTrustedHash() {
    Hash32 other = Hash32.sha256("another block".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> TrustSnapshot.verify(SNAPSHOT, other))
        .isInstanceOf(SnapshotException.class)
        .hasMessage("blockHash: the snapshot is of block " + PROVEN.header().height() + " with hash " + PROVEN.header().hash().hex() + ", not of the trusted block " + other.hex());
  }

  @Test
  void editingAListIsRefusedEvenWhenTheFileStaysCanonical() {
    ObjectNode reinstated = doc();
    for (JsonNode s : reinstated.path("signers")) {
      ((ObjectNode) s).put("status", "active");
    }
    assertThatThrownBy(() -> TrustSnapshot.open(bytes(reinstated))).hasMessage("the snapshot's lists differ from what its proofs show (was it edited?)");
    ObjectNode unrevoked = doc();
    ((ArrayNode) unrevoked.path("revoked")).removeAll();
    assertThatThrownBy(() -> TrustSnapshot.open(bytes(unrevoked))).hasMessage("the snapshot's lists differ from what its proofs show (was it edited?)");
    ObjectNode younger = doc();
    younger.put("blockTime", younger.path("blockTime").asLong() + 86_400_000L);
    assertThatThrownBy(() -> TrustSnapshot.open(bytes(younger))).hasMessage("the snapshot's lists differ from what its proofs show (was it edited?)");
  }

  @Test
  void aDroppedOrAlteredProofIsRefusedNamingTheKey() {
    ObjectNode dropped = doc();
    ArrayNode proofs = (ArrayNode) dropped.path("proofs");
    int revocationPage = indexOfKey(proofs, CredentialsState.revocationPageKey(0));
    proofs.remove(revocationPage);
    assertThatThrownBy(() -> TrustSnapshot.open(bytes(dropped))).hasMessage("proofs: no proof for state key 'credentials/revocation-page/0', which the trust data needs");

    ObjectNode altered = doc();
    ArrayNode alteredProofs = (ArrayNode) altered.path("proofs");
    int page = indexOfKey(alteredProofs, CredentialsState.revocationPageKey(0));
    ((ObjectNode) alteredProofs.get(page)).put("value", org.lazaret.core.Hex.encode("[]".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> TrustSnapshot.open(bytes(altered)))
        .hasMessage("proofs[" + page + "] (key 'credentials/revocation-page/0'): siblings: do not lead to the block's state root for this key and value");
  }

  @Test
  void aFileThatIsNotCanonicalOrNotASnapshotIsRefused() {
    String pretty = doc().toPrettyString();
    assertThatThrownBy(() -> TrustSnapshot.open(pretty.getBytes(StandardCharsets.UTF_8))).hasMessage("snapshot is not in canonical form (was it edited?)");
    assertThatThrownBy(() -> TrustSnapshot.open("{\"type\":\"something else\"}".getBytes(StandardCharsets.UTF_8))).hasMessage("type: not a " + TrustSnapshot.TYPE + " document");
    assertThatThrownBy(() -> TrustSnapshot.open("{\"type\":".getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("snapshot: not valid JSON");
  }

  @Property(tries = 150)
  void noSingleBitFlipAnywhereInTheFileSurvivesOpening(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position, @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] flipped = SNAPSHOT.clone();
    int at = position % (flipped.length - 1); // the final newline is optional
    flipped[at] ^= (byte) (1 << bit);
    assertThatThrownBy(() -> TrustSnapshot.open(flipped)).isInstanceOf(SnapshotException.class);
  }

  static int indexOfKey(ArrayNode proofs, String key) {
    for (int i = 0; i < proofs.size(); i++) {
      if (proofs.get(i).path("key").asText().equals(key)) {
        return i;
      }
    }
    throw new AssertionError("no proof of " + key);
  }
}
