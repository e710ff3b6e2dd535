package org.lazaret.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import org.junit.jupiter.api.Test;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * Byte-exact vectors of the formats that are hashed or signed. They were computed once from the
 * code and written here as literals: any change to an encoding, a hash construction or the
 * fixture key derivation fails this test, and must come with a new format version instead.
 */
class GoldenVectorsTest {
  static final String ALICE_PUBLIC_KEY = "ca7368c27e8c04b6a3b46d26c814d860e4de8873ec51cdfbca6b4a7f3b141339";
  static final String ALICE_SEED = "20ef0db159bbfb2ea232235566a96e4901901f9f71612448df46b2ca1368b5c0";

  /** {@code {"amount":250,"memo":"golden é","to":"<bob>"}}: sorted keys, raw UTF-8, no whitespace. */
  static final String ARGS_HEX =
      "7b22616d6f756e74223a3235302c226d656d6f223a22676f6c64656e20c3a9222c22746f223a22"
          + "66333361663061623838376461383536613539383331383830626631643931376139633739303630"
          + "633763373866613736626430306538316436393361333262227d";

  /** {@code u8 1 | "lazaret-golden" | alice | nonce 7 | "token" | "transfer" | args | expires 1.9e12}. */
  static final String BODY =
      "01"
          + "0000000e" + "6c617a617265742d676f6c64656e"
          + ALICE_PUBLIC_KEY
          + "0000000000000007"
          + "00000005" + "746f6b656e"
          + "00000008" + "7472616e73666572"
          + "00000069" + ARGS_HEX
          + "000001ba60d33800";

  static final String SIGNATURE =
      "fbab83ba251c56846acaf3c291a0de83901976b04c5b1244ad27118a71d857889956c399d6fa811b387cdc002e21e6cf2ac67bb53f836f3ed344b503c1a31502";
  static final String TX_ID = "ce07cc7976bfb8d56e1e8084ece277f9d60c4447ae5f04da421bc7a8d2c22be4";

  static final String HEADER =
      "01"
          + "0000000e" + "6c617a617265742d676f6c64656e"
          + "000000000000002a"
          + "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a"
          + "0000018bcfe56800"
          + "dbc1b4c900ffe48d575b5da5c638040125f65db0fe3e24494b76ea986457d986"
          + "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5"
          + "e52d9c508c502347344d8c07ad91cbd6068afc75ff6292f062a09ca381c89e71"
          + "00000003";
  static final String HEADER_HASH = "cfaf44ea9b25a32d920ab90b309d1e6dbd6608317e43ea78973c7008dbbdea84";

  static Transaction goldenBody() {
    ObjectNode args = CanonicalJson.object();
    args.put("to", KeyPair.deterministic("bob").publicKey().hex());
    args.put("amount", 250);
    args.put("memo", "golden é");
    return Transaction.of("lazaret-golden", KeyPair.deterministic("alice").publicKey(), 7, "token", "transfer", args, 1_900_000_000_000L);
  }

  static BlockHeader goldenHeader() {
    return new BlockHeader(
        "lazaret-golden",
        42,
        Hash32.sha256(new byte[] {1}),
        1_700_000_000_000L,
        Hash32.sha256(new byte[] {2}),
        Hash32.sha256(new byte[] {3}),
        Hash32.sha256(new byte[] {4}),
        3);
  }

  @Test
  void fixtureKeyDerivationIsStable() {
    KeyPair alice = KeyPair.deterministic("alice");
    assertThat(alice.seedHex()).isEqualTo(ALICE_SEED);
    assertThat(alice.publicKey().hex()).isEqualTo(ALICE_PUBLIC_KEY);
    assertThat(KeyPair.fromSeedHex(ALICE_SEED).publicKey()).isEqualTo(alice.publicKey());
  }

  @Test
  void argsAreCanonicalJson() {
    String bob = KeyPair.deterministic("bob").publicKey().hex();
    assertThat(bob).isEqualTo("f33af0ab887da856a59831880bf1d917a9c79060c7c78fa76bd00e81d693a32b");
    assertThat(new String(Hex.decode("args", ARGS_HEX), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"amount\":250,\"memo\":\"golden é\",\"to\":\"" + bob + "\"}");
  }

  @Test
  void transactionEncodingIdAndSignatureAreStable() throws DecodeException {
    Transaction body = goldenBody();
    assertThat(Hex.encode(body.encode())).isEqualTo(BODY);
    SignedTransaction tx = body.sign(KeyPair.deterministic("alice"));
    assertThat(tx.signature().hex()).isEqualTo(SIGNATURE);
    assertThat(Hex.encode(tx.encode())).isEqualTo("01" + "000000c5" + BODY + SIGNATURE);
    assertThat(tx.id().hex()).isEqualTo(TX_ID);
    assertThat(Hash32.sha256(Hex.decode("body", BODY)).hex()).isEqualTo(TX_ID);
    SignedTransaction back = SignedTransaction.decode(Hex.decode("tx", "01000000c5" + BODY + SIGNATURE));
    assertThat(back.body()).isEqualTo(body);
    assertThat(back.signatureValid()).isTrue();
  }

  @Test
  void signatureAgreesWithTheJdksOwnEd25519() throws Exception {
    // An independent implementation: Ed25519 signatures are deterministic (RFC 8032), so the JDK
    // provider must produce the very same bytes from the same seed.
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    var privateKey = kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Hex.decode("seed", ALICE_SEED)));
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(privateKey);
    jdk.update(Hex.decode("body", BODY));
    assertThat(Hex.encode(jdk.sign())).isEqualTo(SIGNATURE);
  }

  @Test
  void headerEncodingAndHashAreStable() throws DecodeException {
    BlockHeader h = goldenHeader();
    assertThat(Hex.encode(h.encode())).isEqualTo(HEADER);
    assertThat(h.hash().hex()).isEqualTo(HEADER_HASH);
    assertThat(BlockHeader.decode(Hex.decode("header", HEADER))).isEqualTo(h);
  }

  @Test
  void treeNodeHashConstructionsAreStable() {
    // Domain tags: 0x00 Merkle leaf, 0x01 Merkle node, 0x10 state leaf, 0x11 state internal node.
    Hash32 a = Hash32.sha256(new byte[] {1});
    Hash32 b = Hash32.sha256(new byte[] {2});
    assertThat(MerkleTree.leafHash(new byte[0]).hex()).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    byte[] leaf = new byte[65];
    leaf[0] = 0x10;
    a.copyTo(leaf, 1);
    b.copyTo(leaf, 33);
    assertThat(new SmtNode.Leaf(a, b).hash()).isEqualTo(Hash32.sha256(leaf));
    assertThat(new SmtNode.Leaf(a, b).encode()).isEqualTo(leaf);
    leaf[0] = 0x11;
    assertThat(new SmtNode.Internal(a, b).hash()).isEqualTo(Hash32.sha256(leaf));
    assertThat(new SmtNode.Internal(a, b).encode()).isEqualTo(leaf);
  }
}
