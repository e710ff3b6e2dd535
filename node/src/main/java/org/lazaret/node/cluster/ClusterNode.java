package org.lazaret.node.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.lazaret.consensus.raft.PinnedCertificates;
import org.lazaret.consensus.raft.RaftConfig;
import org.lazaret.consensus.raft.RaftOrdering;
import org.lazaret.core.block.Block;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.Problem;
import org.lazaret.node.execution.BlockApplier;
import org.lazaret.node.mempool.Mempool;
import org.lazaret.node.runtime.Threads;
import org.lazaret.storage.LedgerStore;
import org.lazaret.storage.StoreFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in a cluster, wired in one place: Raft ordering, the sink that executes the log
 * and compares checkpoints, the status API, and what the node does once it has diverged — record
 * the finding in {@code divergence.json} beside its data (so that a restart does not quietly serve
 * the same chain again), say so loudly in the log, and refuse every chain query with a 503 problem
 * naming the height and both roots.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
  static final String DIVERGENCE_FILE = "divergence.json";

  /** How often the leader compares the ledger's membership with Raft's. */
  private static final long RECONCILE_INTERVAL_MILLIS = 2_000;

  private final ClusterConfig config;
  private final RaftOrdering raft;
  private final DivergenceWatch watch;
  private final ClusterApi api;
  private final ScheduledExecutorService reconciling;

  private ClusterNode(ClusterConfig config, RaftOrdering raft, DivergenceWatch watch, ClusterApi api, ScheduledExecutorService reconciling) {
    this.config = config;
    this.raft = raft;
    this.watch = watch;
    this.api = api;
    this.reconciling = reconciling;
  }

  /**
   * A member's API address: from this node's configuration, else from the ledger's record of the
   * members governance added later.
   */
  static Optional<String> apiUrl(ClusterConfig config, LedgerStore store, String id) {
    String configured = config.apiUrls().get(id);
    if (configured != null) {
      return Optional.of(configured);
    }
    return Optional.ofNullable(LedgerMembership.read(store).get(id)).map(LedgerMembership.Entry::api).filter(a -> !a.isEmpty());
  }

  /**
   * Joins the cluster and starts applying its log. Throws {@link StoreFailure} when this node has
   * diverged before (its {@code divergence.json} is still there), and {@link IllegalStateException}
   * when Raft cannot start.
   */
  public static ClusterNode start(ClusterConfig config, Path dataDir, LedgerStore store, BlockApplier applier, Mempool mempool) {
    Path record = dataDir.resolve(DIVERGENCE_FILE);
    Optional<DivergenceWatch.Finding> earlier = readRecord(record);
    if (earlier.isPresent()) {
      throw new StoreFailure("this node's chain " + earlier.get().describe() + "; it will not serve it again (record: " + record
          + "). Replace the node through governance: remove it, add a fresh one (docs/operations.md, 'Divergence')");
    }
    AtomicReference<RaftOrdering> raftRef = new AtomicReference<>();
    DivergenceWatch watch = new DivergenceWatch(
        config.selfId(), () -> raftRef.get().status().members().size(), h -> store.block(h).map(Block::header), h -> LedgerMembership.votersAt(store, h));
    Consumer<DivergenceWatch.Finding> onDivergence = finding -> report(record, finding);
    BlockFetcher fetcher = new BlockFetcher(config.selfId(), id -> apiUrl(config, store, id), store, applier, watch, onDivergence);
    PinnedCertificates pins = id -> Optional.ofNullable(LedgerMembership.read(store).get(id)).map(LedgerMembership.Entry::certificate).filter(c -> !c.isEmpty());
    boolean joining = joining(LedgerMembership.read(store), config.selfId());
    if (joining) {
      LOG.info("{} is not in the ledger's membership yet: joining with election timeouts of {}–{} s until it restarts as a member",
          config.selfId(), RaftConfig.JOINING_ELECTION_TIMEOUT_MIN.toSeconds(), RaftConfig.JOINING_ELECTION_TIMEOUT_MAX.toSeconds());
    }
    RaftOrdering raft = new RaftOrdering(joining ? config.raft().joining() : config.raft(), fetcher, pins);
    raftRef.set(raft);
    ClusterSink sink = new ClusterSink(applier, watch, config.selfId(), config.checkpointIntervalBlocks(), raft::attest, onDivergence);
    applier.setAdmittedHere(id -> mempool.pending(id).isPresent());
    raft.start(sink);
    MembershipReconciler reconciler = new MembershipReconciler(raft, store);
    ScheduledExecutorService reconciling = Threads.scheduled("membership-reconciler");
    reconciling.scheduleWithFixedDelay(reconciler::reconcile, RECONCILE_INTERVAL_MILLIS, RECONCILE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    return new ClusterNode(config, raft, watch, new ClusterApi(raft, config, store, watch, fetcher::imported), reconciling);
  }

  /**
   * Whether this node starts outside the membership the ledger records: a node being added, which
   * Raft has not taken into its configuration yet (see {@link
   * org.lazaret.consensus.raft.RaftConfig#joining}). A ledger without a membership record (a chain
   * from before the membership contract) has only founding members.
   */
  static boolean joining(Map<String, LedgerMembership.Entry> ledger, String self) {
    LedgerMembership.Entry entry = ledger.get(self);
    return !ledger.isEmpty() && (entry == null || !entry.active());
  }

  private static void report(Path record, DivergenceWatch.Finding finding) {
    LOG.error("""

        ************************************************************************
        DIVERGENCE: this node {}.
        It stops taking part in the cluster and answers every chain query with 503.
        The finding is recorded in {}; see docs/operations.md, 'Divergence'.
        ************************************************************************""", finding.describe(), record);
    try {
      Path tmp = record.resolveSibling(DIVERGENCE_FILE + ".tmp");
      Files.writeString(tmp, CanonicalJson.encodeToString(finding.json()) + "\n");
      Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.error("could not record the divergence in {}: {}", record, e.getMessage());
    }
  }

  private static Optional<DivergenceWatch.Finding> readRecord(Path record) {
    if (!Files.exists(record)) {
      return Optional.empty();
    }
    try {
      return Optional.of(DivergenceWatch.Finding.fromJson(new ObjectMapper().readTree(Files.readAllBytes(record))));
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreFailure("unreadable divergence record " + record + " (" + e.getMessage() + "); this node diverged before: inspect and remove it");
    }
  }

  public RaftOrdering ordering() {
    return raft;
  }

  public ApiModule api() {
    return api;
  }

  /** The answer to every chain query once this node has diverged. */
  public Optional<Problem> refusal() {
    return watch.finding().map(f -> new Problem(503, "DIVERGED", "", "this node's chain " + f.describe()
        + "; it no longer serves its chain: ask another member", true, 0).withMembers(f.json()));
  }

  public ClusterConfig config() {
    return config;
  }

  @Override
  public void close() {
    reconciling.shutdownNow();
    raft.close();
  }
}
