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
 * while close runs, but never after it returns.
 *
 * <p>Thread-safety: every method may be called from any thread; Ratis applies on its own thread.
 */
public final class RaftOrdering implements Ordering {
  private static final Logger LOG = LoggerFactory.getLogger(RaftOrdering.class);
  private static final Duration RETRY_SLEEP = Duration.ofMillis(100);
  /** Protocol framing around the largest batch in a log entry or RPC. */
  private static final int ENTRY_FRAMING_BYTES = 64 * 1024;

  private final RaftConfig config;
  private final SnapshotFetcher snapshotFetcher;
  private final PinnedCertificates pins;
  private final RaftGroupId groupId;

  private volatile LedgerStateMachine stateMachine;
  private volatile RaftServer server;
  private volatile RaftClient client;
  private volatile boolean closed;
  private CompletableFuture<RaftClientReply> attesting;

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
    LedgerStateMachine sm = new LedgerStateMachine(config.nodeId(), sink, snapshotFetcher);
    stateMachine = sm;
    RaftProperties properties = properties(config);
    RaftGroup group = RaftGroup.valueOf(groupId, peers(config.members()));
    try {
      Parameters parameters = parameters(config);
      RaftServer s = RaftServer.newBuilder()
          .setServerId(RaftPeerId.valueOf(config.nodeId()))
          .setGroup(group)
          .setStateMachine(sm)
          .setProperties(properties)
          .setParameters(parameters)
          .setOption(RaftStorage.StartupOption.RECOVER)
          .build();
      server = s;
      s.start();
      client = RaftClient.newBuilder()
          .setRaftGroup(group)
          .setProperties(properties)
          .setParameters(parameters)
          .setRetryPolicy(retryPolicy(config.proposeTimeout()))
          .build();
    } catch (IOException | RuntimeException e) {
      close();
      throw new IllegalStateException("raft: node " + config.nodeId() + " could not start on port " + config.boundPort() + ": " + e.getMessage(), e);
    }
    LOG.info("raft: node {} started on port {} in group {} ({})", config.nodeId(), config.boundPort(), config.groupName(), groupId);
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
      if (!d.getInfo().isAlive()) {
        return stopped();
      }
      RaftPeerId leader = d.getInfo().getLeaderId();
      return new ClusterStatus(
          config.nodeId(),
          role(d.getInfo().getCurrentRole()),
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
    LedgerStateMachine sm = stateMachine;
    if (sm != null) {
      sm.markClosed();
    }
    RaftClient c = client;
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.warn("raft: closing the client of node {} failed", config.nodeId(), e);
      }
    }
    RaftServer s = server;
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
