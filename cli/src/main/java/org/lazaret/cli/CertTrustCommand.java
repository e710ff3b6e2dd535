package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.lazaret.contracts.credentials.LedgerPolicy;
import org.lazaret.contracts.credentials.Signer;
import org.lazaret.contracts.credentials.SignerStatus;
import org.lazaret.contracts.credentials.SnapshotException;
import org.lazaret.contracts.credentials.TrustData;
import org.lazaret.contracts.credentials.TrustSnapshot;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The trust list on the ledger, taken offline: a snapshot of signers, revocations and policies
 * with a state proof for each, which a verifier checks against a block hash it trusts and then
 * passes to {@code cert verify --trust}.
 */
@Command(name = "trust", mixinStandardHelpOptions = true, description = "Export the ledger's trust list with proofs, and check such a snapshot offline.",
    subcommands = {CertTrustCommand.Export.class, CertTrustCommand.Check.class})
final class CertTrustCommand {
  @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a snapshot of the ledger's trust list, revocations and policies, with state proofs (stdout, or --out).")
  static final class Export implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--out", description = "Write the snapshot to this file instead of stdout.")
    Path out;

    @Override
    public void run() {
      JsonNode doc = Remote.call(() -> Remote.client(node).get("/v1/credentials/snapshot"));
      byte[] bytes = (CanonicalJson.encodeToString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
      TrustSnapshot.Opened opened;
      try {
        opened = TrustSnapshot.open(bytes);
      } catch (SnapshotException e) {
        throw new Main.Failure(1, "the node's snapshot does not check: " + e.getMessage());
      }
      if (out != null) {
        CertFiles.write(out, bytes);
      } else {
        System.out.write(bytes, 0, bytes.length);
        System.out.flush();
      }
      TrustData data = opened.data();
      System.err.println("snapshot of block " + opened.header().height() + " (" + Instant.ofEpochMilli(opened.header().timestampMillis()) + "): " + data.signers().size() + " signers ("
          + data.trustList().size() + " active), " + data.revoked().size() + " revoked, " + data.policies().size() + " policies; check it with 'lazaret cert trust verify FILE --block-hash "
          + opened.header().hash().hex() + "' against a block hash you trust");
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check a snapshot offline against a block hash you trust: every proof, and every list against the proven values. Exits 0 when it holds, 1 when not, 2 on a usage error.")
  static final class Check implements Runnable {
    @Parameters(index = "0", description = "The snapshot file.")
    Path file;

    @Option(names = "--block-hash", required = true, description = "The hash of the block the snapshot claims, obtained from a source you trust.")
    String blockHash;

    @Option(names = "--at", description = "Judge the snapshot's age at this time (ISO-8601); default now.")
    String at;

    @Override
    public void run() {
      Hash32 trusted = Inputs.hash("--block-hash", blockHash);
      byte[] bytes = Inputs.read(file);
      Instant when = at == null ? Instant.now() : CertCommand.parseInstant("--at", at);
      TrustSnapshot.Opened opened;
      try {
        opened = TrustSnapshot.verify(bytes, trusted);
      } catch (SnapshotException e) {
        throw new Main.Failure(1, file + ": " + e.getMessage());
      }
      Remote.print(summary(opened, when));
    }
  }

  static ObjectNode summary(TrustSnapshot.Opened opened, Instant at) {
    TrustData data = opened.data();
    ObjectNode o = CanonicalJson.object();
    o.put("valid", true).put("chainId", data.asOf().chainId()).put("height", data.asOf().height()).put("blockHash", data.asOf().blockHash());
    o.put("blockTime", Instant.ofEpochMilli(data.asOf().blockTimeMillis()).toString()).put("proofs", opened.proofCount());
    o.put("maxAgeMillis", data.maxAgeMillis()).put("ageMillis", data.ageMillis(at)).put("stale", data.staleAt(at));
    ArrayNode signers = o.putArray("signers");
    for (Signer s : data.signers()) {
      signers.add(s.summary());
    }
    o.put("activeSigners", data.signers().stream().filter(s -> s.status() == SignerStatus.ACTIVE).count());
    o.put("revoked", data.revoked().size());
    ArrayNode policies = o.putArray("policies");
    data.policies().stream().map(LedgerPolicy::name).forEach(policies::add);
    return o;
  }
}
