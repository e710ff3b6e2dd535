package org.lazaret.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lazaret.core.block.Block;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.proof.ProofCheck;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Every decoder of outside bytes, fuzzed: only {@link DecodeException} may escape, and whatever
 * decodes re-encodes to exactly the input. Without JAZZER_FUZZ these replay the seeds in
 * src/test/resources/org/lazaret/core/DecodersFuzzTestInputs as regression tests.
 */
class DecodersFuzzTest {
  /** The block the proof-file seeds were built against, so mutations of them reach the deep checks. */
  private static final Hash32 TRUSTED = org.lazaret.core.proof.ProofFileTest.fixtureBlockHash();

  @FuzzTest(maxDuration = "30s")
  void signedTransaction(byte[] data) {
    try {
      SignedTransaction tx = SignedTransaction.decode(data);
      assertThat(tx.encode()).isEqualTo(data);
      tx.signatureValid();
    } catch (DecodeException expected) {
      assertThat(expected.field()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void block(byte[] data) {
    try {
      Block b = Block.decode(data);
      assertThat(b.encode()).isEqualTo(data);
      Block.txTree(b.transactions()).root();
    } catch (DecodeException expected) {
      assertThat(expected.field()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void receipt(byte[] data) {
    try {
      Receipt r = Receipt.decode(data);
      assertThat(r.encode()).isEqualTo(data);
    } catch (DecodeException expected) {
      assertThat(expected.field()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void smtNode(byte[] data) {
    try {
      assertThat(SmtNode.decode(data).encode()).isEqualTo(data);
    } catch (DecodeException expected) {
      assertThat(expected.field()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void proofFile(byte[] data) {
    ProofCheck c = ProofFile.verify(data, TRUSTED);
    if (c instanceof ProofCheck.Fails f) {
      assertThat(f.reason()).isNotBlank().doesNotContain("\n");
    }
  }
}
