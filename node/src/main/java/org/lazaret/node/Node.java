package org.lazaret.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ForkJoinPool;
import org.lazaret.consensus.Ordering;
import org.lazaret.consensus.raft.RaftOrdering;
import org.lazaret.consensus.solo.SoloOrdering;
import org.lazaret.contracts.Executor;
import org.lazaret.core.block.Block;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.node.admission.Admission;
import org.lazaret.node.admission.AdmissionMetrics;
import org.lazaret.node.admission.Admitter;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.HttpApi;
import org.lazaret.node.api.NodeServices;
import org.lazaret.node.api.Problem;
import org.lazaret.node.cluster.ClusterConfig;
import org.lazaret.node.cluster.ClusterNode;
import org.lazaret.node.events.BlockFeed;
import org.lazaret.node.execution.BlockApplier;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.node.mempool.Mempool;
import org.lazaret.node.runtime.BlockProducer;
import org.lazaret.node.runtime.Halt;
import org.lazaret.storage.ChainVerifier;
import org.lazaret.storage.LedgerStore;
import org.lazaret.storage.StoreFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node, wired explicitly: store, executor, mempool, admission, ordering, block application,
 * block production and the HTTP API. Opening verifies everything on disk before serving; closing
 * stops intake first and the store last.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final NodeConfig config;
  private final LedgerStore store;
  private final Ordering ordering;
  private final BlockProducer producer;
  private final HttpApi api;
  private final ForkJoinPool verifiers;
  private final int port;
  private final BlockApplier applier;
  private final java.util.concurrent.ExecutorService persister;
  private final List<ApiModule> modules;
  private final AutoCloseable jvmMetrics;

  private Node(
      NodeConfig config, LedgerStore store, Ordering ordering, BlockProducer producer, HttpApi api, ForkJoinPool verifiers, int port, BlockApplier applier, java.util.concurrent.ExecutorService persister, List<ApiModule> modules,
      AutoCloseable jvmMetrics) {
    this.modules = modules;
    this.jvmMetrics = jvmMetrics;
    this.applier = applier;
    this.persister = persister;
    this.config = config;
    this.store = store;
    this.ordering = ordering;
    this.producer = producer;
    this.api = api;
    this.verifiers = verifiers;
    this.port = port;
  }

  /** Reads the genesis document of a data folder. */
  public static Genesis readGenesis(NodeConfig config) {
    try {
      return new Genesis(new ObjectMapper().readTree(Files.readAllBytes(config.genesisFile())));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new StoreFailure("no genesis file at " + config.genesisFile() + "; create one with 'lazaret genesis' or run 'lazaret demo'");
    } catch (IOException e) {
      throw new StoreFailure("cannot read " + config.genesisFile() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the data folder (creating block 0 on first start), verifies it, and starts serving.
   * Domain API modules are given as factories of the opened store, which they read through.
   */
  public static Node start(NodeConfig config, List<java.util.function.Function<LedgerStore, ApiModule>> modules, Halt halt) {
    return start(config, Optional.empty(), modules, halt);
  }

  /**
   * As {@link #start(NodeConfig, List, Halt)}, ordering through Raft with the cluster's other
   * members when {@code cluster} is given.
   */
  public static Node start(NodeConfig config, Optional<ClusterConfig> cluster, List<java.util.function.Function<LedgerStore, ApiModule>> modules, Halt halt) {
    return start(config, cluster, modules, halt, BlockApplier.Faults.NONE);
  }

  /** As above, with a fault seam in block execution: for tests that make one node diverge. */
  static Node start(NodeConfig config, Optional<ClusterConfig> cluster, List<java.util.function.Function<LedgerStore, ApiModule>> modules, Halt halt, BlockApplier.Faults faults) {
    Genesis genesis = readGenesis(config);
    Executor executor = new Executor(genesis.chainId(), BuiltInContracts.all());
    LedgerStore store = LedgerStore.open(config.chainDir());
    List<ApiModule> started = new java.util.ArrayList<>();
    Ordering ordering = null;
    AutoCloseable jvmMetrics = null;
    try {
      var genesisBlock = genesis.block(executor);
      if (store.head().isEmpty()) {
        store.commit(genesisBlock);
        LOG.info("created genesis block {} for chain {}", genesisBlock.block().hash(), genesis.chainId());
      } else {
        Block stored0 = store.block(0).orElseThrow();
        if (!stored0.hash().equals(genesisBlock.block().hash())) {
          throw new StoreFailure("the stored chain's block 0 (" + stored0.hash() + ") is not the genesis in " + config.genesisFile() + " (" + genesisBlock.block().hash() + ")");
        }
      }
      long t0 = System.nanoTime();
      ChainVerifier.Report report = ChainVerifier.verify(store, h -> {
        if (h > 0 && h % 10_000 == 0) {
          LOG.info("verified {} blocks", h);
        }
      });
      LOG.info("verified {} blocks, {} transactions, {} state keys in {} ms", report.blocks(), report.transactions(), report.stateKeys(), (System.nanoTime() - t0) / 1_000_000);

      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Mempool mempool = new Mempool(config.mempoolTxCountMax(), org.lazaret.core.Limits.MEMPOOL_TX_PER_SENDER_MAX);
      ForkJoinPool verifiers = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
      InstantSource clock = InstantSource.system();
      Admitter admitter = new Admitter(genesis.chainId(), executor, store, mempool, clock, verifiers, new AdmissionMetrics(metrics));
      java.util.concurrent.ExecutorService persister = org.lazaret.node.runtime.Threads.single("block-persister");
      BlockApplier applier = new BlockApplier(store, executor, persister, faults);
      BlockFeed feed = new BlockFeed();
      feed.setHeight(store.head().orElseThrow().height());
      NodeMetrics.register(metrics, store, mempool, applier);
      jvmMetrics = NodeMetrics.registerJvm(metrics);
      applier.addListener((block, receipts) -> mempool.committed(block.transactions()));
      applier.addListener(feed);
      List<ApiModule> allModules = new java.util.ArrayList<>();
      for (java.util.function.Function<LedgerStore, ApiModule> m : modules) {
        allModules.add(m.apply(store));
      }
      NodeServices services = new RunningNode(store, genesis.chainId(), config.dataDir(), clock, admitter, mempool, applier);
      for (ApiModule m : allModules) {
        m.start(services);
        started.add(m);
      }
      Supplier<Optional<Problem>> refusal = Optional::empty;
      if (cluster.isPresent()) {
        ClusterNode member = ClusterNode.start(cluster.get(), config.dataDir(), store, applier, mempool);
        allModules.add(member.api());
        refusal = member::refusal;
        ordering = member.ordering();
        // Restarts of a Raft server Ratis closed on its own: each one is a Ratis fault worth a look.
        FunctionCounter.builder("lazaret_raft_server_restarts", member.ordering(), RaftOrdering::revivals).register(metrics);
      } else {
        ordering = new SoloOrdering();
        ordering.start(applier);
      }
      BlockProducer producer = new BlockProducer(mempool, ordering, clock, config.blockIntervalMillis(), config.blockTxCountMax(), halt);
      HttpApi api = new HttpApi(store, admitter, mempool, metrics, feed, allModules, refusal);
      int port = api.start(config.host(), config.port());
      producer.start();
      return new Node(config, store, ordering, producer, api, verifiers, port, applier, persister, List.copyOf(allModules), jvmMetrics);
    } catch (RuntimeException e) {
      started.forEach(ApiModule::close);
      if (jvmMetrics != null) {
        NodeMetrics.closeQuietly(jvmMetrics);
      }
      if (ordering != null) {
        ordering.close();
      }
      store.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://" + config.host() + ":" + port;
  }

  public LedgerStore store() {
    return store;
  }

  @Override
  public void close() {
    api.stop();
    producer.close();
    ordering.close();
    applier.close();
    persister.shutdown();
    verifiers.shutdown();
    modules.forEach(ApiModule::close);
    NodeMetrics.closeQuietly(jvmMetrics);
    store.close();
  }

  /** The services API modules get from this node; see {@link NodeServices}. */
  private record RunningNode(LedgerStore store, String chainId, Path dataDir, InstantSource clock, Admitter admitter, Mempool mempool, BlockApplier applier)
      implements NodeServices {
    @Override
    public Admission admit(SignedTransaction tx) {
      return admitter.admit(tx);
    }

    @Override
    public long nextNonce(PublicKey sender) {
      return mempool.nextNonce(sender, Executor.nextNonce(store.stateView(), sender));
    }

    @Override
    public boolean pending(Hash32 txId) {
      return mempool.pending(txId).isPresent();
    }

    @Override
    public void onCommit(BlockApplier.Listener listener) {
      applier.addListener(listener);
    }
  }

  /** Gauges and timers of the node as a whole. */
  private static final class NodeMetrics {
    static void register(PrometheusMeterRegistry r, LedgerStore store, Mempool mempool, BlockApplier applier) {
      Gauge.builder("lazaret_chain_height", store, s -> s.head().map(h -> (double) h.height()).orElse(-1.0)).register(r);
      Gauge.builder("lazaret_mempool_transactions", mempool, Mempool::size).register(r);
      var committed = io.micrometer.core.instrument.Counter.builder("lazaret_tx_committed").register(r);
      var blocks = io.micrometer.core.instrument.Counter.builder("lazaret_blocks_committed").register(r);
      java.util.Map<String, io.micrometer.core.instrument.Timer> phases = new java.util.concurrent.ConcurrentHashMap<>();
      for (String phase : java.util.List.of("execute", "state", "roots", "persist")) {
        phases.put(phase, io.micrometer.core.instrument.Timer.builder("lazaret_block_apply").tag("phase", phase).register(r));
      }
      applier.setPhaseTimer((phase, nanos) -> phases.get(phase).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
      applier.addListener((block, receipts) -> {
        blocks.increment();
        committed.increment(block.transactions().size());
      });
    }

    /**
     * The JVM's own figures — heap and off-heap memory, collections and their pauses, JIT time,
     * threads, classes, CPU — which an operator reads beside the node's to tell a slow node from a
     * starved one. The collector listener must be closed with the node.
     */
    static AutoCloseable registerJvm(PrometheusMeterRegistry r) {
      new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(r);
      new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(r);
      new io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics().bindTo(r);
      new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(r);
      new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(r);
      io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
      gc.bindTo(r);
      return gc;
    }

    static void closeQuietly(AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing the JVM metrics failed: {}", e.getMessage());
      }
    }
  }
}
