package org.lazaret.consensus.raft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException;
import org.apache.ratis.retry.ExceptionDependentRetry;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.lazaret.consensus.BatchSink;
import org.lazaret.consensus.Checkpoint;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.consensus.Ordering;
import org.lazaret.core.Invariants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ordering for a cluster, one node per organisation, through Raft as Apache Ratis implements it:
 * Ratis owns the log, elections, replication, membership changes and the transport (gRPC, mutual
 * TLS); this class only configures it and adapts it to {@link Ordering}. Any node may propose:
 * its Ratis client forwards the batch to the leader, which appends it; once a majority has it on
 * disk the entry is committed and every node applies it, in log order, through {@link BatchSink}.
 *
 * <p>{@code propose} returns only when the batch is committed and applied on this node, so what a
 * node acknowledges survives the crash of any minority (leader included). When it throws, the batch
 * is not known to be ordered; it may still be ordered later (the leader may have appended it just
 * before failing), so the node must tolerate seeing those transactions in a later block.
 *
 * <p>Failure: if the sink throws, Ratis stops this server; {@link #failure()} then holds the cause,
 * {@code canPropose} is false and {@code propose} throws. The node should halt. {@link #close()}
 * stops the server after applying what is already committed, so the sink may still be called
 * while close runs, but never after it returns. A server Ratis closed on its own, while this node
 * is still a member, is reopened from its log (see {@link #reviveIfClosed}).
 *
 * <p>Thread-safety: every method may be called from any thread; Ratis applies on its own thread.
 */
public final class RaftOrdering implements Ordering {
  private static final Logger LOG = LoggerFactory.getLogger(RaftOrdering.class);
  private static final Duration RETRY_SLEEP = Duration.ofMillis(100);
  /** Protocol framing around the largest batch in a log entry or RPC. */
  private static final int ENTRY_FRAMING_BYTES = 64 * 1024;
  private static final long SEGMENT_CACHE_BYTES_FLOOR = 8L * 1024 * 1024;
  /** How often the server is checked for having been closed by Ratis, and the first pause before reopening it. */
  private static final Duration WATCH_EVERY = Duration.ofSeconds(1);
  private static final Duration REVIVE_BACKOFF_MAX = Duration.ofSeconds(60);

  private final RaftConfig config;
  private final SnapshotFetcher snapshotFetcher;
  private final PinnedCertificates pins;
  private final RaftGroupId groupId;

  private volatile LedgerStateMachine stateMachine;
  private volatile RaftServer server;
  private volatile RaftClient client;
  private volatile boolean closed;
  private CompletableFuture<RaftClientReply> attesting;
  private BatchSink sink;
  private ScheduledExecutorService watcher;
  private volatile int revivals;
  private Duration reviveBackoff = WATCH_EVERY;
  private long reviveNotBeforeNanos;
  private long aliveSinceNanos = System.nanoTime();
  /** The server was found closed and shut down; it is reopened once the pause allows. */
  private boolean relaunchPending;

  public RaftOrdering(RaftConfig config, SnapshotFetcher snapshotFetcher) {
    this(config, snapshotFetcher, PinnedCertificates.NONE);
  }

  /** @param pins certificates members must present, where governance pinned one (TLS only) */
  public RaftOrdering(RaftConfig config, SnapshotFetcher snapshotFetcher, PinnedCertificates pins) {
    this.config = config;
    this.snapshotFetcher = snapshotFetcher;
    this.pins = pins;
    this.groupId = groupIdOf(config.groupName());
  }

  /** The Raft group id every node derives from the group name, so none has to be distributed. */
  static RaftGroupId groupIdOf(String groupName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("lazaret-raft-group:" + groupName).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Starts this node's Raft server and client. Throws {@link IllegalStateException} when it cannot
   * (port taken, storage locked by another process, TLS files unreadable, block store behind the
   * Raft snapshot), naming the cause.
   */
  @Override
  public synchronized void start(BatchSink sink) {
    Invariants.check(stateMachine == null, "raft ordering started twice");
    Invariants.check(!closed, "raft ordering started after close");
    RatisExit.disable();
    this.sink = sink;
    try {
      launch();
    } catch (IOException | RuntimeException e) {
      close();
      throw new IllegalStateException("raft: node " + config.nodeId() + " could not start on port " + config.boundPort() + ": " + e.getMessage(), e);
    }
    LOG.info("raft: node {} started on port {} in group {} ({})", config.nodeId(), config.boundPort(), config.groupName(), groupId);
    watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("raft-watch-" + config.nodeId()).factory());
    watcher.scheduleWithFixedDelay(this::reviveIfClosed, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A new state machine, server and client over this node's storage. The fields point at the new
   * ones as they are built (status and TLS read them while the server starts); whatever was built
   * is shut down if one fails.
   */
  private void launch() throws IOException {
    LedgerStateMachine sm = new LedgerStateMachine(config.nodeId(), sink, snapshotFetcher);
    RaftProperties properties = properties(config);
    RaftGroup group = RaftGroup.valueOf(groupId, peers(config.members()));
    Parameters parameters = parameters(config);
    RaftServer s = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(config.nodeId()))
        .setGroup(group)
        .setStateMachine(sm)
        .setProperties(properties)
        .setParameters(parameters)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    RaftClient c = null;
    try {
      stateMachine = sm;
      server = s;
      s.start();
      c = RaftClient.newBuilder()
          .setRaftGroup(group)
          .setProperties(properties)
          .setParameters(parameters)
          .setRetryPolicy(retryPolicy(config.proposeTimeout()))
          .build();
      client = c;
    } catch (IOException | RuntimeException e) {
      shutDown(sm, c, s);
      throw e;
    }
  }

  /**
   * Ratis closes a member's server on some internal failures and never opens it again: a
   * follower's log worker does, for one, when the leader's appender sends it an entry past a gap
   * (Ratis 3.1.3 can, once a lagging follower's previous entry has just been compacted away). The
   * node would then serve reads but take no part in ordering until restarted. So a closed server
   * whose last configuration still lists this node is restarted from its own log, as a process
   * restart would, with a growing pause between attempts. A server closed because this node left
   * the group, or halted by a failed apply (which stops the node by design), stays closed.
   */
  private synchronized void reviveIfClosed() {
    try {
      RaftServer s = server;
      LedgerStateMachine sm = stateMachine;
      if (closed || s == null || sm.failure().isPresent()) {
        return;
      }
      long now = System.nanoTime();
      if (!relaunchPending) {
        RaftServer.Division d = s.getDivision(groupId);
        if (d.getInfo().isAlive()) {
          if (now - aliveSinceNanos > REVIVE_BACKOFF_MAX.toNanos()) {
            reviveBackoff = WATCH_EVERY;
          }
          return;
        }
        if (d.getRaftConf().getCurrentPeers().stream().noneMatch(p -> p.getId().toString().equals(config.nodeId()))) {
          return;
        }
        LOG.warn("raft: node {}'s Raft server was closed by Ratis while a member (last applied {}); restarting it from its log",
            config.nodeId(), sm.getLastAppliedTermIndex());
        shutDown(sm, client, s);
        // The new server replays the log past the sink's durable position, so everything applied
        // must be durable first, or a batch still being persisted would be delivered twice. A
        // flush that throws leaves the server closed; the next check tries again.
        sink.flush();
        relaunchPending = true;
      }
      if (now < reviveNotBeforeNanos) {
        return;
      }
      reviveNotBeforeNanos = now + reviveBackoff.toNanos();
      Duration doubled = reviveBackoff.multipliedBy(2);
      reviveBackoff = doubled.compareTo(REVIVE_BACKOFF_MAX) > 0 ? REVIVE_BACKOFF_MAX : doubled;
      launch();
      relaunchPending = false;
      revivals++;
      aliveSinceNanos = System.nanoTime();
      LOG.info("raft: node {} restarted its Raft server on port {} (restart {})", config.nodeId(), config.boundPort(), revivals);
    } catch (IOException | RuntimeException e) {
      LOG.warn("raft: node {} could not restart its Raft server; trying again later", config.nodeId(), e);
    }
  }

  /** How many times this node restarted a server Ratis had closed. */
  public int revivals() {
    return revivals;
  }

  /** The running division, for tests that stand in for Ratis closing it. */
  RaftServer.Division division() throws IOException {
    return server.getDivision(groupId);
  }

  /** True when a leader is known: any node may then propose, and the leader orders. */
  @Override
  public boolean canPropose() {
    RaftServer s = server;
    LedgerStateMachine sm = stateMachine;
    if (s == null || closed || sm.failure().isPresent()) {
      return false;
    }
    try {
      RaftServer.Division d = s.getDivision(groupId);
      return d.getInfo().isAlive() && d.getInfo().getLeaderId() != null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Orders {@code batch}; returns once it is committed and applied on this node. Throws {@link
   * IllegalStateException} when that did not happen within {@link RaftConfig#proposeTimeout()}
   * (no leader, no majority, this node stopped) or the leader refused the batch.
   */
  @Override
  public void propose(OrderedBatch batch) throws InterruptedException {
    RaftClient c = client;
    LedgerStateMachine sm = stateMachine;
    if (c == null || closed) {
      throw new IllegalStateException("raft: node " + config.nodeId() + " is not running");
    }
    Optional<Throwable> failed = sm.failure();
    if (failed.isPresent()) {
      throw new IllegalStateException("raft: node " + config.nodeId() + " stopped after a failed apply: " + failed.get(), failed.get());
    }
    byte[] encoded = BatchCodec.encode(batch);
    long deadline = System.nanoTime() + config.proposeTimeout().toNanos();
    CompletableFuture<RaftClientReply> sent = c.async().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(encoded)));
    RaftClientReply reply;
    try {
      reply = sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("raft: batch not ordered within " + config.proposeTimeout().toMillis()
          + " ms (no leader or no majority reachable); it may still be ordered later", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("raft: batch not ordered: " + e.getCause(), e.getCause());
    }
    if (!reply.isSuccess()) {
      throw new IllegalStateException("raft: batch not ordered: " + reply.getException(), reply.getException());
    }
    long index = reply.getLogIndex();
    // Index 0 always holds the group's first configuration, so a batch is never there: a reply
    // without its index would otherwise make this return before the batch is applied.
    Invariants.check(index > 0, "raft: reply for a committed batch carries log index %d", index);
    if (!sm.awaitApplied(index, deadline)) {
      throw new IllegalStateException("raft: batch committed at log index " + index + " but not applied on node "
          + config.nodeId() + " within " + config.proposeTimeout().toMillis() + " ms");
    }
  }

  /**
   * Puts this node's checkpoint in the log, asynchronously: nothing waits for it, so it costs the
   * blocks no round trip. Best effort: while an earlier checkpoint of this node is still on its
   * way, or when no leader is known, this one is dropped (a later one covers the chain before it,
   * since a block hash commits to every block below). Returns whether it was sent.
   */
  public boolean attest(Checkpoint checkpoint) {
    Invariants.check(checkpoint.nodeId().equals(config.nodeId()), "node %s attesting for %s", config.nodeId(), checkpoint.nodeId());
    RaftClient c = client;
    if (c == null || closed || !canPropose()) {
      return false;
    }
    synchronized (this) {
      if (attesting != null && !attesting.isDone()) {
        return false;
      }
      attesting = c.async().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(checkpoint.encode())));
      attesting.whenComplete((reply, error) -> {
        if (error != null || !reply.isSuccess()) {
          LOG.debug("raft: checkpoint {} of node {} not ordered: {}", checkpoint.height(), config.nodeId(), error != null ? error : reply.getException());
        }
      });
      return true;
    }
  }

  /** This node's view of the group; {@code STOPPED} before start, after close or after a failure. */
  public ClusterStatus status() {
    RaftServer s = server;
    LedgerStateMachine sm = stateMachine;
    if (s == null || closed || sm.failure().isPresent()) {
      return stopped();
    }
    try {
      RaftServer.Division d = s.getDivision(groupId);
      RaftPeerRole role = d.getInfo().getCurrentRole();
      // A server still starting (after a restart, say) has no role yet.
      if (!d.getInfo().isAlive() || role == null) {
        return stopped();
      }
      RaftPeerId leader = d.getInfo().getLeaderId();
      return new ClusterStatus(
          config.nodeId(),
          role(role),
          Optional.ofNullable(leader).map(RaftPeerId::toString),
          d.getInfo().getCurrentTerm(),
          d.getRaftLog().getLastCommittedIndex(),
          sm.getLastAppliedTermIndex().getIndex(),
          sm.latestSnapshot(),
          members(d.getRaftConf().getCurrentPeers()));
    } catch (IOException e) {
      return stopped();
    }
  }

  private ClusterStatus stopped() {
    LedgerStateMachine sm = stateMachine;
    Optional<SnapshotPoint> snapshot = sm == null ? Optional.empty() : sm.latestSnapshot();
    return new ClusterStatus(config.nodeId(), ClusterStatus.Role.STOPPED, Optional.empty(), 0, -1, -1, snapshot, config.members());
  }

  private static ClusterStatus.Role role(RaftPeerRole role) {
    return switch (role) {
      case LEADER -> ClusterStatus.Role.LEADER;
      case FOLLOWER -> ClusterStatus.Role.FOLLOWER;
      case CANDIDATE -> ClusterStatus.Role.CANDIDATE;
      case LISTENER -> ClusterStatus.Role.LISTENER;
      case UNRECOGNIZED -> ClusterStatus.Role.STOPPED;
    };
  }

  /**
   * Adds {@code member} to the group through Raft's own configuration change. The new node must
   * already be running (started with the current members plus itself); the leader first brings it
   * up to date, then commits the new configuration. Governance approval is the caller's business.
   */
  public void addPeer(RaftMember member) {
    requireRunning();
    changeConfiguration("add " + member.id(), SetConfigurationRequest.Arguments.newBuilder()
        .setServersInNewConf(List.of(peer(member)))
        .setMode(SetConfigurationRequest.Mode.ADD)
        .build());
  }

  /** Removes node {@code id} from the group; refused if the membership changed meanwhile. */
  public void removePeer(String id) {
    requireRunning();
    List<RaftPeer> current;
    try {
      current = new ArrayList<>(server.getDivision(groupId).getRaftConf().getCurrentPeers());
    } catch (IOException e) {
      throw new IllegalStateException("raft: node " + config.nodeId() + " has no Raft group: " + e.getMessage(), e);
    }
    List<RaftPeer> remaining = current.stream().filter(p -> !p.getId().toString().equals(id)).toList();
    if (remaining.size() == current.size()) {
      throw new IllegalArgumentException("id: " + id + " is not a member of the group");
    }
    changeConfiguration("remove " + id, SetConfigurationRequest.Arguments.newBuilder()
        .setServersInNewConf(remaining)
        .setServersInCurrentConf(current)
        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
        .build());
  }

  private void changeConfiguration(String what, SetConfigurationRequest.Arguments arguments) {
    RaftClientReply reply;
    try {
      reply = client.admin().setConfiguration(arguments);
    } catch (IOException e) {
      throw new IllegalStateException("raft: could not " + what + ": " + e.getMessage(), e);
    }
    if (!reply.isSuccess()) {
      throw new IllegalStateException("raft: could not " + what + ": " + reply.getException(), reply.getException());
    }
    LOG.info("raft: {} committed at log index {}", what, reply.getLogIndex());
  }

  private void requireRunning() {
    if (server == null || client == null || closed) {
      throw new IllegalStateException("raft: node " + config.nodeId() + " is not running");
    }
  }

  /** The exception that stopped this node's state machine, if one did. */
  public Optional<Throwable> failure() {
    LedgerStateMachine sm = stateMachine;
    return sm == null ? Optional.empty() : sm.failure();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (watcher != null) {
      watcher.shutdownNow();
    }
    shutDown(stateMachine, client, server);
  }

  private void shutDown(LedgerStateMachine sm, RaftClient c, RaftServer s) {
    if (sm != null) {
      sm.markClosed();
    }
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.warn("raft: closing the client of node {} failed", config.nodeId(), e);
      }
    }
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.warn("raft: closing the server of node {} failed", config.nodeId(), e);
      }
    }
  }

  // ---------------------------------------------------------------- wiring

  /**
   * Ratis calls {@code System.exit} when its gRPC server cannot bind its port; that would kill the
   * node with no word of which port. Disabling that (once per JVM) makes it throw instead, which
   * {@link #start} reports. Initialising Ratis's exit state also installs Ratis's own default
   * uncaught-exception handler; the node's handler, if it set one, is put back.
   */
  private static final class RatisExit {
    static {
      Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
      ExitUtils.disableSystemExit();
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }

    static void disable() {
      // the static initialiser does the work, once
    }
  }

  /** Ids allowed to connect (TLS): the current and, during a change, the previous configuration. */
  private Set<String> memberIds() {
    RaftServer s = server;
    if (s != null) {
      try {
        RaftConfiguration conf = s.getDivision(groupId).getRaftConf();
        Set<String> ids = new HashSet<>();
        for (RaftPeerRole role : List.of(RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER)) {
          conf.getAllPeers(role).forEach(p -> ids.add(p.getId().toString()));
        }
        return ids;
      } catch (IOException e) {
        // not yet initialised: fall back to the configured members
      }
    }
    Set<String> ids = new HashSet<>();
    config.members().forEach(m -> ids.add(m.id()));
    return ids;
  }

  private Parameters parameters(RaftConfig c) throws IOException {
    Parameters parameters = new Parameters();
    switch (c.transport()) {
      case RaftTransport.Plaintext p -> { }
      case RaftTransport.MutualTls tls -> GrpcConfigKeys.TLS.setConf(parameters, MemberTrust.tlsConfig(tls, this::memberIds, pins));
    }
    return parameters;
  }

  static RaftProperties properties(RaftConfig c) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    RaftServerConfigKeys.setStorageDir(p, List.of(c.storageDir().toFile()));
    GrpcConfigKeys.Server.setPort(p, c.boundPort());

    RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(c.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(c.electionTimeoutMax()));
    // A new node's catch-up before a membership change may take a few elections' time on a busy machine.
    RaftServerConfigKeys.setStagingTimeout(p, millis(c.proposeTimeout()));

    // Durability: an entry counts towards the commit only once on disk. Ratis's default, pinned.
    RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
    int entryBytesMax = BatchCodec.ENCODED_BYTES_MAX + ENTRY_FRAMING_BYTES;
    // Ratis requires the write buffer to hold the appender's whole buffer plus an 8-byte frame.
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(entryBytesMax));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(entryBytesMax + 8L));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(2L * entryBytesMax));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.logSegmentBytesMax()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(c.logSegmentBytesMax(), 4L * 1024 * 1024)));
    // Ratis keeps log entries in the heap, by default those of up to six closed segments or 200 MB.
    // Batches of up to 1 MB made that the node's largest live set under load, larger than a 192 MiB
    // old generation, and the members spent half their time in back-to-back full collections.
    // The entries are in the block store and the page cache anyway: keep about one segment's worth
    // (at least 8 MiB, for small test segments) for followers a little behind, and read anything
    // older from disk.
    RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
    RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(Math.max(c.logSegmentBytesMax(), SEGMENT_CACHE_BYTES_FLOOR)));

    // Compaction: snapshot markers every N entries; peers behind the compacted log are notified
    // and catch up through the SnapshotFetcher instead of receiving Ratis snapshot files.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotIntervalEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(Integer.MAX_VALUE, c.snapshotIntervalEntries()));
    // Compact up to the snapshot even when a member is down: otherwise one dead member would make
    // every other keep its whole log. A member that comes back behind the compaction point
    // catches up through the SnapshotFetcher.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    // ...but keep the last interval's entries below it. Ratis 3.1.3's appender checks that a
    // follower's next entry is in the log, then reads the entry before it; a purge in between
    // kills that appender (fixed upstream by RATIS-2487, in no release yet), and the follower then
    // hears nothing more from this leader. Seen with a node that had just caught up through the
    // fetcher and was a few entries behind the snapshot point. Keeping an interval of entries
    // moves the purge point away from followers that are keeping up.
    RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, c.snapshotIntervalEntries());
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);

    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(c.proposeTimeout()));
    return p;
  }

  /**
   * Retries through leader changes for about the propose timeout; a membership change that timed
   * out (the new node never caught up, e.g. its certificate was refused) is final, not retried.
   */
  private static RetryPolicy retryPolicy(Duration proposeTimeout) {
    int attempts = (int) Math.max(10, proposeTimeout.toMillis() / RETRY_SLEEP.toMillis());
    return ExceptionDependentRetry.newBuilder()
        .setDefaultPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, millis(RETRY_SLEEP)))
        .setExceptionToPolicy(ReconfigurationTimeoutException.class, RetryPolicies.noRetry())
        .build();
  }

  private static TimeDuration millis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static RaftPeer peer(RaftMember m) {
    return RaftPeer.newBuilder().setId(m.id()).setAddress(m.address()).build();
  }

  private static List<RaftPeer> peers(List<RaftMember> members) {
    return members.stream().map(RaftOrdering::peer).toList();
  }

  private static List<RaftMember> members(Collection<RaftPeer> peers) {
    List<RaftMember> out = new ArrayList<>();
    for (RaftPeer p : peers) {
      out.add(RaftMember.of(p.getId().toString(), p.getAddress()));
    }
    out.sort(null);
    return out;
  }
}
