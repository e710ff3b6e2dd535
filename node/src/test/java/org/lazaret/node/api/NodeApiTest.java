package org.lazaret.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.Hex;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.proof.ProofCheck;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.TestNode;
import org.lazaret.sdk.LazaretClient;

/**
 * The single-node HTTP interface points, driven as an outside client would: submit and follow
 * transactions, read blocks and state, fetch proofs and check them offline, and every rejection
 * path with its problem JSON, code and retryability. One node serves the whole class; each test
 * uses its own keys so that tests do not depend on one another's nonces.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  TestNode n;
  LazaretClient client;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    n = TestNode.start(dir);
    client = new LazaretClient(n.url());
  }

  @AfterAll
  void stop() {
    n.close();
  }

  private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(n.url() + path)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postTx(SignedTransaction tx) throws Exception {
    return post("/v1/transactions", "application/json", ("{\"tx\":\"" + Hex.encode(tx.encode()) + "\"}").getBytes());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(n.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode problem(HttpResponse<String> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.path("code").asText()).isEqualTo(code);
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("detail").asText()).isNotBlank();
    assertThat(p.has("retryable")).isTrue();
    return p;
  }

  private KeyPair funded(String label, long amount) {
    KeyPair k = KeyPair.deterministic(label);
    ObjectNode args = CanonicalJson.object().put("to", k.publicKey().hex()).put("amount", amount);
    Hash32 id = client.submit(client.sign(n.demo, "token", "transfer", args, Duration.ofMinutes(5)));
    assertThat(client.await(id, Duration.ofSeconds(20)).path("status").asText()).isEqualTo("committed");
    return k;
  }

  private Transaction transfer(KeyPair from, long nonce, long amount, long expires) {
    return Transaction.of(TestNode.CHAIN, from.publicKey(), nonce, "token", "transfer", CanonicalJson.object().put("to", n.hospital.publicKey().hex()).put("amount", amount), expires);
  }

  private static long soon() {
    return System.currentTimeMillis() + 600_000;
  }

  @Test
  void healthNamesTheChainHeightStateRootAndPid() throws Exception {
    JsonNode h = JSON.readTree(get("/health").body());
    assertThat(h.path("chainId").asText()).isEqualTo(TestNode.CHAIN);
    assertThat(h.path("height").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(h.path("stateRoot").asText()).hasSize(64);
    assertThat(h.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void aTransferIsAdmittedAtOnceThenCommittedWithReceiptEventsAndAProof() throws Exception {
    KeyPair alice = funded("api-alice", 1_000);
    SignedTransaction tx = transfer(alice, 0, 300, soon()).sign(alice);
    HttpResponse<String> r = postTx(tx);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()).path("id").asText()).isEqualTo(tx.id().hex());

    JsonNode s = client.await(tx.id(), Duration.ofSeconds(20));
    assertThat(s.path("status").asText()).isEqualTo("committed");
    assertThat(s.path("receipt").path("success").asBoolean()).isTrue();
    assertThat(s.path("receipt").path("events").get(0).path("name").asText()).isEqualTo("Transferred");
    long height = s.path("height").asLong();

    JsonNode block = JSON.readTree(get("/v1/blocks/" + height).body());
    assertThat(block.path("height").asLong()).isEqualTo(height);
    assertThat(block.path("hash").asText()).isEqualTo(s.path("blockHash").asText());
    assertThat(block.path("header").path("stateRoot").asText()).hasSize(64);
    assertThat(block.path("transactions").toString()).contains(tx.id().hex());
    assertThat(JSON.readTree(get("/v1/blocks/latest").body()).path("height").asLong()).isGreaterThanOrEqualTo(height);

    assertThat(client.state("token/balance/" + alice.publicKey().hex()).orElseThrow().path("value").asLong()).isEqualTo(700);

    byte[] proof = client.txProof(tx.id());
    Hash32 trusted = Hash32.fromHex("hash", block.path("hash").asText());
    assertThat(ProofFile.verify(proof, trusted)).isInstanceOf(ProofCheck.Holds.class);
    Hash32 other = Hash32.fromHex("hash", JSON.readTree(get("/v1/blocks/0").body()).path("hash").asText());
    assertThat(ProofFile.verify(proof, other)).isInstanceOf(ProofCheck.Fails.class);
  }

  @Test
  void stateProofsHoldForPresentAndAbsentKeysAtTheLatestAndAnOlderHeight() throws Exception {
    KeyPair bob = funded("api-bob", 50);
    JsonNode latest = JSON.readTree(get("/v1/blocks/latest").body());
    Hash32 latestHash = Hash32.fromHex("h", latest.path("hash").asText());
    byte[] present = client.stateProof("token/balance/" + bob.publicKey().hex(), Optional.empty());
    assertThat(ProofFile.verify(present, latestHash)).isInstanceOf(ProofCheck.Holds.class);
    byte[] absent = client.stateProof("token/balance/" + KeyPair.deterministic("nobody").publicKey().hex(), Optional.empty());
    assertThat(ProofFile.verify(absent, latestHash)).isInstanceOf(ProofCheck.Holds.class);
    assertThat(new String(absent)).doesNotContain("\"value\"");
    JsonNode genesis = JSON.readTree(get("/v1/blocks/0").body());
    byte[] old = client.stateProof("token/balance/" + bob.publicKey().hex(), Optional.of(0L));
    assertThat(ProofFile.verify(old, Hash32.fromHex("h", genesis.path("hash").asText()))).isInstanceOf(ProofCheck.Holds.class);
    assertThat(new String(old)).doesNotContain("\"value\"");
  }

  @Test
  void historyListsVersionsNewestFirstAndPages() throws Exception {
    KeyPair carol = funded("api-carol", 1_000);
    for (int i = 0; i < 3; i++) {
      client.await(client.submit(transfer(carol, i, 10, soon()).sign(carol)), Duration.ofSeconds(20));
    }
    String key = "token/balance/" + carol.publicKey().hex();
    JsonNode page1 = JSON.readTree(get("/v1/history/" + key + "?limit=2").body());
    assertThat(page1.path("entries")).hasSize(2);
    assertThat(page1.path("entries").get(0).path("value").asLong()).isEqualTo(970);
    assertThat(page1.path("entries").get(1).path("value").asLong()).isEqualTo(980);
    JsonNode page2 = JSON.readTree(get("/v1/history/" + key + "?limit=2&before=" + page1.path("next").asLong()).body());
    assertThat(page2.path("entries").get(0).path("value").asLong()).isEqualTo(990);
    assertThat(page2.path("entries").get(1).path("value").asLong()).isEqualTo(1000);
  }

  @Test
  void malformedBodiesAreProblemsNamingTheField() throws Exception {
    problem(post("/v1/transactions", "application/json", "{not json".getBytes()), 400, "MALFORMED");
    JsonNode p = problem(post("/v1/transactions", "application/json", "{\"tx\":\"zz\"}".getBytes()), 400, "MALFORMED");
    assertThat(p.path("field").asText()).isEqualTo("tx");
    problem(post("/v1/transactions", "application/json", "{\"tx\":\"0102\"}".getBytes()), 400, "MALFORMED");
    problem(post("/v1/transactions", "application/octet-stream", new byte[] {1, 0, 0, 0, 9}), 400, "MALFORMED");
    problem(post("/v1/transactions", "application/json", new byte[600_000]), 413, "TOO_LARGE");
    JsonNode missing = problem(post("/v1/transactions", "application/json", "{\"chainId\":\"test-chain\"}".getBytes()), 400, "MALFORMED");
    assertThat(missing.path("field").asText()).isEqualTo("sender");
  }

  @Test
  void everyRejectionHasItsOwnCode() throws Exception {
    KeyPair dave = funded("api-dave", 1_000);
    problem(postTx(Transaction.of("other-chain", dave.publicKey(), 0, "token", "transfer", CanonicalJson.object().put("to", dave.publicKey().hex()).put("amount", 1), soon()).sign(dave)), 400, "WRONG_CHAIN");
    problem(postTx(transfer(dave, 0, 1, System.currentTimeMillis() - 1_000).sign(dave)), 400, "EXPIRED");
    problem(postTx(transfer(dave, 0, 1, System.currentTimeMillis() + 30L * 24 * 3_600_000).sign(dave)), 400, "EXPIRY_TOO_FAR");
    problem(postTx(Transaction.of(TestNode.CHAIN, dave.publicKey(), 0, "nosuch", "x", CanonicalJson.object(), soon()).sign(dave)), 400, "UNKNOWN_CONTRACT");
    problem(postTx(Transaction.of(TestNode.CHAIN, dave.publicKey(), 0, "token", "steal", CanonicalJson.object(), soon()).sign(dave)), 400, "UNKNOWN_METHOD");
    JsonNode bad = problem(postTx(transfer(dave, 0, -5, soon()).sign(dave)), 400, "BAD_ARGUMENT");
    assertThat(bad.path("field").asText()).isEqualTo("args.amount");
    Transaction body = transfer(dave, 0, 1, soon());
    byte[] sig = body.sign(dave).signature().toArray();
    sig[5] ^= 1;
    problem(postTx(SignedTransaction.withSignature(body, sig)), 400, "BAD_SIGNATURE");
    SignedTransaction first = transfer(dave, 0, 1, soon()).sign(dave);
    assertThat(postTx(first).statusCode()).isEqualTo(202);
    problem(postTx(first), 409, "DUPLICATE");
    SignedTransaction gapped = transfer(dave, 5, 1, soon()).sign(dave);
    JsonNode gap = problem(postTx(gapped), 409, "NONCE_GAP");
    assertThat(gap.path("retryable").asBoolean()).isTrue();
    client.await(first.id(), Duration.ofSeconds(20));
    problem(postTx(first), 409, "DUPLICATE");
    problem(postTx(transfer(dave, 0, 2, soon()).sign(dave)), 409, "NONCE_TOO_LOW");
    JsonNode status = JSON.readTree(get("/v1/transactions/" + gapped.id().hex()).body());
    assertThat(status.path("status").asText()).isEqualTo("rejected");
    assertThat(status.path("receipt").path("reason").asText()).startsWith("NONCE_GAP");
  }

  @Test
  void aCallWithoutTheRoleIsCommittedAsAFailureWithItsReason() throws Exception {
    KeyPair erin = funded("api-erin", 10);
    SignedTransaction mint = Transaction.of(TestNode.CHAIN, erin.publicKey(), 0, "token", "mint", CanonicalJson.object().put("to", erin.publicKey().hex()).put("amount", 1_000_000), soon()).sign(erin);
    JsonNode s = client.await(client.submit(mint), Duration.ofSeconds(20));
    assertThat(s.path("status").asText()).isEqualTo("committed");
    assertThat(s.path("receipt").path("success").asBoolean()).isFalse();
    assertThat(s.path("receipt").path("reason").asText()).startsWith("UNAUTHORIZED");
    assertThat(client.state("token/balance/" + erin.publicKey().hex()).orElseThrow().path("value").asLong()).isEqualTo(10);
  }

  @Test
  void aRevokedKeyIsRefusedAtAdmission() throws Exception {
    KeyPair member = KeyPair.deterministic("api-member");
    ObjectNode enrol = CanonicalJson.object().put("key", member.publicKey().hex());
    enrol.putArray("roles").add("data.publisher");
    assertThat(client.await(client.submit(client.sign(n.demo, "identity", "enrol", enrol, Duration.ofMinutes(5))), Duration.ofSeconds(20)).path("receipt").path("success").asBoolean()).isTrue();
    JsonNode rev = client.await(client.submit(client.sign(n.demo, "identity", "revoke", CanonicalJson.object().put("key", member.publicKey().hex()), Duration.ofMinutes(5))), Duration.ofSeconds(20));
    assertThat(rev.path("receipt").path("success").asBoolean()).as(rev.toString()).isTrue();
    problem(postTx(transfer(member, 0, 1, soon()).sign(member)), 403, "KEY_REVOKED");
  }

  @Test
  void unknownThingsAreNotFoundProblems() throws Exception {
    problem(get("/v1/transactions/" + "ab".repeat(32)), 404, "NOT_FOUND");
    problem(get("/v1/transactions/xyz"), 400, "BAD_REQUEST");
    problem(get("/v1/blocks/99999999"), 404, "NOT_FOUND");
    problem(get("/v1/blocks/minus"), 400, "BAD_REQUEST");
    problem(get("/v1/state/no/such/key"), 404, "NOT_FOUND");
    problem(get("/v1/nothing-here"), 404, "NOT_FOUND");
  }

  @Test
  void aBatchAnswersEachTransactionInOrder() throws Exception {
    KeyPair frank = funded("api-frank", 1_000);
    StringBuilder body = new StringBuilder("{\"transactions\":[");
    for (int i = 0; i < 5; i++) {
      body.append(i == 0 ? "" : ",").append("{\"tx\":\"").append(Hex.encode(transfer(frank, i, 1, soon()).sign(frank).encode())).append("\"}");
    }
    body.append(",{\"tx\":\"00\"}]}");
    JsonNode r = JSON.readTree(post("/v1/transactions/batch", "application/json", body.toString().getBytes()).body()).path("results");
    assertThat(r).hasSize(6);
    for (int i = 0; i < 5; i++) {
      assertThat(r.get(i).path("status").asText()).isEqualTo("pending");
    }
    assertThat(r.get(5).path("status").asText()).isEqualTo("rejected");
    assertThat(r.get(5).path("error").path("code").asText()).isEqualTo("MALFORMED");
    client.await(Hash32.fromHex("id", r.get(4).path("id").asText()), Duration.ofSeconds(20));
    assertThat(client.account(frank.publicKey()).path("nonce").asLong()).isEqualTo(5);
  }

  /** A batch's signatures are verified together; one forgery among them is refused, and only it. */
  @Test
  void aBatchVerifiedTogetherRefusesOnlyItsForgedSignature() throws Exception {
    List<KeyPair> senders = List.of(funded("api-batch-a", 1_000), funded("api-batch-b", 1_000), funded("api-batch-c", 1_000));
    long expires = soon();
    org.lazaret.core.codec.Writer w = new org.lazaret.core.codec.Writer().u32(30);
    List<SignedTransaction> txs = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      for (KeyPair k : senders) {
        Transaction body = transfer(k, n, 1, expires);
        byte[] sig = body.sign(k).signature().toArray();
        if (k == senders.get(1) && n == 9) {
          sig[40] ^= 1; // b's last transfer, so no later nonce of b depends on it
        }
        txs.add(SignedTransaction.withSignature(body, sig));
        w.bytes(txs.get(txs.size() - 1).encode());
      }
    }
    postBinaryBatchRefusingOne(w.toByteArray(), 29, 28, "BAD_SIGNATURE");
    client.await(txs.get(29).id(), Duration.ofSeconds(20));
    client.await(txs.get(27).id(), Duration.ofSeconds(20));
    assertThat(client.account(senders.get(0).publicKey()).path("nonce").asLong()).isEqualTo(10);
    assertThat(client.account(senders.get(1).publicKey()).path("nonce").asLong()).isEqualTo(9);
    assertThat(client.account(senders.get(2).publicKey()).path("nonce").asLong()).isEqualTo(10);
  }

  /** Posts a binary batch asking for its refused transactions alone, and expects exactly one refused. */
  private void postBinaryBatchRefusingOne(byte[] batch, int accepted, int refusedIndex, String code) throws Exception {
    JsonNode r = JSON.readTree(post("/v1/transactions/batch?results=refused", "application/octet-stream", batch).body());
    assertThat(r.path("accepted").asInt()).isEqualTo(accepted);
    assertThat(r.path("refused")).hasSize(1);
    assertThat(r.path("refused").get(0).path("index").asInt()).isEqualTo(refusedIndex);
    assertThat(r.path("refused").get(0).path("error").path("code").asText()).isEqualTo(code);
  }

  @Test
  void aBinaryBatchIsReadWholeAndAnOversizedOrCutOneIsRefused() throws Exception {
    KeyPair heidi = funded("api-heidi", 1_000);
    long expires = soon();
    org.lazaret.core.codec.Writer w = new org.lazaret.core.codec.Writer().u32(4);
    List<SignedTransaction> good = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      good.add(transfer(heidi, i, 1, expires).sign(heidi));
      w.bytes(good.get(i).encode());
    }
    w.bytes(new byte[] {9, 9});
    postBinaryBatchRefusingOne(w.toByteArray(), 3, 3, "MALFORMED");
    client.await(good.get(2).id(), Duration.ofSeconds(20));
    assertThat(client.account(heidi.publicKey()).path("nonce").asLong()).isEqualTo(3);

    problem(post("/v1/transactions/batch", "application/octet-stream", new byte[Limits.HTTP_BODY_BYTES_MAX + 1]), 413, "TOO_LARGE");

    // A body that ends before its declared length: refused, and the node keeps serving.
    URI u = URI.create(n.url());
    try (java.net.Socket sock = new java.net.Socket(u.getHost(), u.getPort())) {
      sock.setSoTimeout(20_000);
      byte[] head = ("POST /v1/transactions/batch HTTP/1.1\r\nHost: " + u.getHost() + "\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: 1000\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      sock.getOutputStream().write(head);
      sock.getOutputStream().write(new byte[] {0, 0, 0, 1, 0, 0});
      sock.getOutputStream().flush();
      sock.shutdownOutput();
      String answer = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("the body could not be read to its declared 1000 bytes");
    }
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aBatchCanAnswerWithTheRefusedAloneByTheirIndex() throws Exception {
    KeyPair grace = funded("api-grace", 1_000);
    long expires = soon();
    List<SignedTransaction> good = new ArrayList<>();
    StringBuilder body = new StringBuilder("{\"transactions\":[");
    for (int i = 0; i < 4; i++) {
      good.add(transfer(grace, i, 1, expires).sign(grace));
      body.append(i == 0 ? "" : ",").append("{\"tx\":\"").append(Hex.encode(good.get(i).encode())).append("\"}");
    }
    // Another transaction at nonce 0 (refused: the first holds it) and a malformed entry.
    SignedTransaction second = transfer(grace, 0, 2, expires).sign(grace);
    body.append(",{\"tx\":\"").append(Hex.encode(second.encode())).append("\"},{\"tx\":\"00\"}]}");

    // An unknown answer form is refused before anything is admitted.
    problem(post("/v1/transactions/batch?results=some", "application/json", body.toString().getBytes()), 400, "BAD_REQUEST");
    assertThat(client.account(grace.publicKey()).path("nonce").asLong()).isZero();

    JsonNode r = JSON.readTree(post("/v1/transactions/batch?results=refused", "application/json", body.toString().getBytes()).body());
    assertThat(r.path("accepted").asInt()).isEqualTo(4);
    assertThat(r.has("results")).isFalse();
    JsonNode refused = r.path("refused");
    assertThat(refused).hasSize(2);
    assertThat(refused.get(0).path("index").asInt()).isEqualTo(4);
    assertThat(refused.get(0).path("status").asText()).isEqualTo("rejected");
    assertThat(refused.get(0).path("id").asText()).isEqualTo(second.id().hex());
    assertThat(refused.get(1).path("index").asInt()).isEqualTo(5);
    assertThat(refused.get(1).path("error").path("code").asText()).isEqualTo("MALFORMED");
    client.await(good.get(3).id(), Duration.ofSeconds(20));
    assertThat(client.account(grace.publicKey()).path("nonce").asLong()).isEqualTo(4);
  }

  @Test
  void metricsCountRejectionsByReasonAndTheOpenApiDocumentIsServed() throws Exception {
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("lazaret_chain_height").contains("lazaret_tx_rejected_total{reason=\"BAD_SIGNATURE\"}");
    // The JVM's own figures beside the node's: memory, collector, JIT, CPU.
    assertThat(metrics).contains("jvm_memory_used_bytes{area=\"heap\"").contains("jvm_gc_max_data_size_bytes")
        .contains("jvm_compilation_time_ms_total").contains("process_cpu_usage").contains("jvm_threads_live_threads");
    JsonNode api = JSON.readTree(get("/openapi.json").body());
    assertThat(api.path("openapi").asText()).startsWith("3.");
    assertThat(api.path("paths").has("/v1/transactions")).isTrue();
    assertThat(get("/").body()).contains("<title>Lazaret</title>");
  }
}
