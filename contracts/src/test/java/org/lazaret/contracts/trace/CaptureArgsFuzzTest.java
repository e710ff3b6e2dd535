package org.lazaret.contracts.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.lazaret.epcis.EpcisFormatException;
import org.lazaret.epcis.EpcisValidator;
import org.lazaret.epcis.EventHash;

/**
 * The capture interface's decoding of a posted document into a trace.capture call, on arbitrary
 * text: it either refuses with an IllegalArgumentException, or yields arguments from which the
 * document the contract validates is rebuilt; for a document the schema accepts, with the very event hash IDs of the posted text when
 * the document lists its events (eventList). A document with a single {@code event} is the
 * exception the hash's reference implementation makes: JSON-LD drops the undefined term "event", so
 * its bare vocabulary is not expanded there, while the contract always hashes an eventList. Without
 * JAZZER_FUZZ this replays the seeds beside it.
 */
class CaptureArgsFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void captureArgs(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ObjectNode args;
    try {
      args = CaptureArgs.of(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    if (!EpcisValidator.validate(text).isValid()) {
      return; // the capture interface refuses it before building a call
    }
    List<String> posted;
    try {
      posted = EventHash.hashIds(text);
    } catch (EpcisFormatException notEpcis) {
      return;
    }
    String rebuilt;
    try {
      rebuilt = CaptureArgs.document(args, 0);
    } catch (IllegalArgumentException refusedByTheContract) {
      assertThat(refusedByTheContract.getMessage()).contains(":");
      return;
    }
    List<String> ledger = EventHash.hashIds(rebuilt);
    assertThat(ledger).hasSameSizeAs(posted);
    if (text.contains("\"eventList\"")) {
      assertThat(ledger).isEqualTo(posted);
    }
  }
}
