package org.lazaret.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.sdk.LazaretClient;

/**
 * A Raft cluster of node processes on loopback against a single node, in one run and with the same
 * pre-signed transfers, so that their ratio means something on a shared machine. For each:
 * committed transactions per second with clients sending as fast as the nodes take them, then
 * submit-to-commit latency at one fixed rate both sustain (half the cluster's throughput), since
 * latency at saturation only measures the queue. Finally the cluster's leader is killed with
 * SIGKILL, and the time until a transfer sent to a survivor commits is the failover time.
 */
public final class ClusterBench {
  private static final Duration FAILOVER_WAIT = Duration.ofSeconds(60);

  /** A system's two windows: throughput at saturation, latency at the common rate. */
  public record Figures(LoadGenerator.Measurement saturated, LoadGenerator.Measurement paced) {}

  public record Result(int nodes, long pacedRate, Figures single, Figures cluster, double failoverSeconds) {
    public double ratio() {
      return cluster.saturated().committedTps() / single.saturated().committedTps();
    }

    public String json() {
      return String.format(Locale.ROOT,
          "{\"nodes\": %d, \"single_tps\": %.1f, \"cluster_tps\": %.1f, \"ratio\": %.3f, \"paced_rate\": %d, \"single_p50_ms\": %.1f, \"single_p99_ms\": %.1f, "
              + "\"cluster_p50_ms\": %.1f, \"cluster_p99_ms\": %.1f, \"saturated_single_p50_ms\": %.1f, \"saturated_cluster_p50_ms\": %.1f, \"failover_s\": %.2f, \"cluster_rss_mib\": %d}",
          nodes, single.saturated().committedTps(), cluster.saturated().committedTps(), ratio(), pacedRate,
          single.paced().latencyMillis(0.5), single.paced().latencyMillis(0.99), cluster.paced().latencyMillis(0.5), cluster.paced().latencyMillis(0.99),
          single.saturated().latencyMillis(0.5), cluster.saturated().latencyMillis(0.5), failoverSeconds, cluster.saturated().rssBytesMax() >> 20);
    }
  }

  private ClusterBench() {}

  public static Result run(int nodes, int seconds, double assumedTpsMax, PrintStream out) throws Exception {
    // Enough for two windows against each system.
    PresignedTransfers load = PresignedTransfers.sign(Math.min(PresignedTransfers.MAX, 2 * SingleNodeBench.transfersFor(seconds, assumedTpsMax)), out);
    out.printf("== a cluster of %d nodes%n", nodes);
    Figures cluster;
    long rate;
    double failover;
    try (BenchTarget c = BenchTarget.cluster(load, nodes)) {
      LoadGenerator.Measurement saturated = c.measure(new LoadGenerator.Window(seconds, 0), out);
      summary("cluster, saturated", saturated, out);
      c.printPhases(out);
      rate = Math.max(100, Math.round(saturated.committedTps() / 2));
      c.awaitDrained(Duration.ofSeconds(60));
      LoadGenerator.Measurement paced = c.measure(new LoadGenerator.Window(seconds, rate), out);
      summary("cluster, " + rate + " tx/s", paced, out);
      cluster = new Figures(saturated, paced);
      failover = failover(load, c, out);
    }
    out.println("== a single node");
    Figures single;
    try (BenchTarget s = BenchTarget.single(load)) {
      LoadGenerator.Measurement saturated = s.measure(new LoadGenerator.Window(seconds, 0), out);
      summary("single node, saturated", saturated, out);
      s.printPhases(out);
      s.awaitDrained(Duration.ofSeconds(60));
      LoadGenerator.Measurement paced = s.measure(new LoadGenerator.Window(seconds, rate), out);
      summary("single node, " + rate + " tx/s", paced, out);
      single = new Figures(saturated, paced);
    }
    return new Result(nodes, rate, single, cluster, failover);
  }

  private static void summary(String what, LoadGenerator.Measurement m, PrintStream out) {
    out.printf(Locale.ROOT, "%s: %,.0f committed tx/s, latency p50 %.0f ms, p99 %.0f ms (%,d samples)%n", what, m.committedTps(), m.latencyMillis(0.5), m.latencyMillis(0.99), m.latencyMicros().size());
  }

  /**
   * Kills the leader once the backlog has drained, then sends a fresh transfer to a survivor until
   * one is accepted and waits for it to commit; returns the seconds from the kill to that commit.
   */
  private static double failover(PresignedTransfers load, BenchTarget c, PrintStream out) throws Exception {
    c.awaitDrained(Duration.ofSeconds(30));
    String leader = c.awaitLeader(Duration.ofSeconds(10));
    int leaderIndex = Integer.parseInt(leader.substring("node-".length())) - 1;
    LazaretClient survivor = new LazaretClient(c.urls.get((leaderIndex + 1) % c.urls.size()));
    c.processes.get(leaderIndex).destroyForcibly();
    long killedAt = System.nanoTime();
    Hash32 id = null;
    while (System.nanoTime() - killedAt < FAILOVER_WAIT.toNanos()) {
      try {
        if (id == null) {
          id = survivor.submit(load.spareTransfer(0));
        }
        if (survivor.status(id).path("status").asText().equals("committed")) {
          double seconds = (System.nanoTime() - killedAt) / 1e9;
          out.printf(Locale.ROOT, "leader %s killed; a transfer sent to a survivor committed %.2f s later%n", leader, seconds);
          return seconds;
        }
      } catch (RuntimeException notYet) {
        // no leader yet, or the transfer not yet known
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("nothing committed within " + FAILOVER_WAIT.toSeconds() + " s of killing the leader");
  }
}
