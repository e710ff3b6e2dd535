package org.lazaret.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.consensus.raft.RaftMember;
import org.lazaret.consensus.raft.SnapshotFetcher;
import org.lazaret.consensus.raft.SnapshotPoint;
import org.lazaret.contracts.membership.MembershipContract;
import org.lazaret.core.Invariants;
import org.lazaret.core.block.Block;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.node.execution.BlockApplier;
import org.lazaret.storage.ChainHead;
import org.lazaret.storage.LedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How this node catches up when the leader has compacted the log entries it still needs: it asks
 * the leader's API for its latest snapshot point and the block height there, then imports the
 * missing blocks page by page, and trusts none of them as sent. Each block must link to this
 * node's head, carry the transactions its transaction root names and the next position, and then
 * be re-executed through the node's usual apply path, which must reproduce its hash exactly — so
 * state root, receipt root and time are checked by computing them, not by reading them. A block
 * that executes differently is a divergence between this node and the sender: it is reported as
 * such and the node stops serving, as it would on a checkpoint.
 *
 * <p>Runs on the thread Ratis's notification gave it, while Raft applies nothing else here. A
 * failed fetch throws; Ratis then asks again, and the import resumes from this node's head.
 */
final class BlockFetcher implements SnapshotFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(BlockFetcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String selfId;
  private final Function<String, Optional<String>> apiUrlOf;
  private final LedgerStore store;
  private final BlockApplier applier;
  private final DivergenceWatch watch;
  private final Consumer<DivergenceWatch.Finding> onDivergence;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
  private volatile long imported;

  BlockFetcher(String selfId, Function<String, Optional<String>> apiUrlOf, LedgerStore store, BlockApplier applier, DivergenceWatch watch, Consumer<DivergenceWatch.Finding> onDivergence) {
    this.selfId = selfId;
    this.apiUrlOf = apiUrlOf;
    this.store = store;
    this.applier = applier;
    this.watch = watch;
    this.onDivergence = onDivergence;
  }

  /** Blocks imported out of band since this node started. */
  long imported() {
    return imported;
  }

  @Override
  public SnapshotPoint fetch(RaftMember leader, long minimumIndex) throws IOException, InterruptedException {
    if (watch.finding().isPresent()) {
      throw new IllegalStateException("node " + selfId + " has diverged; it imports nothing more");
    }
    String api = apiUrlOf.apply(leader.id()).orElseThrow(() -> new IOException("no API address known for leader " + leader.id()));
    JsonNode point = JSON.readTree(get(api + "/v1/cluster/snapshot"));
    long term = point.path("term").asLong(-1);
    long index = point.path("index").asLong(-1);
    long target = point.path("height").asLong(-1);
    if (term < 0 || index < minimumIndex || target < 0) {
      throw new IOException("leader " + leader.id() + " offers snapshot " + point + ", short of index " + minimumIndex);
    }
    Hash32 targetHash = Hash32.fromHex("blockHash", point.path("blockHash").asText());
    applier.flush();
    ChainHead head = store.head().orElseThrow();
    LOG.info("node {}: importing blocks {}..{} from {} (snapshot at index {}, term {})", selfId, head.height() + 1, target, leader.id(), index, term);
    Hash32 previous = head.hash();
    long previousPosition = store.position();
    long next = head.height() + 1;
    while (next <= target) {
      BlockPage page = page(api, next, Math.min(BlockPage.BLOCKS_MAX, target - next + 1));
      for (BlockPage.Entry e : page.entries()) {
        if (e.block().height() > target) {
          break;
        }
        previous = importOne(leader.id(), e, next, previous, previousPosition, index);
        previousPosition = e.position();
        next++;
      }
    }
    applier.flush();
    ChainHead after = store.head().orElseThrow();
    if (after.height() < target || !store.block(target).orElseThrow().hash().equals(targetHash)) {
      throw new IOException("after importing, block " + target + " is not the leader's " + targetHash.hex());
    }
    Invariants.check(store.position() <= index, "imported up to position %d, beyond the snapshot index %d", store.position(), index);
    LOG.info("node {}: imported up to block {} from {}; Raft resumes after index {}", selfId, target, leader.id(), index);
    return new SnapshotPoint(term, index);
  }

  private Hash32 importOne(String source, BlockPage.Entry e, long height, Hash32 previous, long previousPosition, long index) throws IOException {
    Block theirs = e.block();
    if (theirs.height() != height) {
      throw new IOException(source + " sent block " + theirs.height() + " where " + height + " was asked for");
    }
    if (!theirs.header().previousHash().equals(previous)) {
      throw new IOException(source + "'s block " + height + " links to " + theirs.header().previousHash().hex() + ", not to this node's block " + (height - 1) + " " + previous.hex());
    }
    if (!Block.txTree(theirs.transactions()).root().equals(theirs.header().txRoot())) {
      throw new IOException(source + "'s block " + height + " does not hold the transactions its transaction root names");
    }
    if (e.position() <= previousPosition || e.position() > index) {
      throw new IOException(source + "'s block " + height + " claims position " + e.position() + ", outside (" + previousPosition + ", " + index + "]");
    }
    Block mine = applier.execute(e.position(), new OrderedBatch(theirs.header().timestampMillis(), theirs.transactions()));
    watch.executed(mine, applier.lastWrite(MembershipContract.NODES_KEY).map(LedgerMembership::voters));
    imported++;
    if (!mine.hash().equals(theirs.hash())) {
      DivergenceWatch.Finding f = watch.importedDifferently(height, theirs.header(), mine.header(), source);
      onDivergence.accept(f);
      throw new IllegalStateException("node " + selfId + " " + f.describe());
    }
    return mine.hash();
  }

  private BlockPage page(String api, long from, long count) throws IOException, InterruptedException {
    byte[] body = get(api + "/v1/cluster/blocks?from=" + from + "&count=" + count);
    try {
      BlockPage page = BlockPage.decode(body);
      if (page.entries().isEmpty()) {
        throw new IOException("empty block page from " + api + " at height " + from);
      }
      return page;
    } catch (DecodeException e) {
      throw new IOException("undecodable block page from " + api + ": " + e.getMessage(), e);
    }
  }

  private byte[] get(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r.body();
  }
}
