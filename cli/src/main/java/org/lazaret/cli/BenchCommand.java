package org.lazaret.cli;

import org.lazaret.bench.SingleNodeBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The single-node benchmark; its last line is the result as JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark one node: pre-signed token transfers over HTTP for the given time, against this machine's Ed25519 verification ceiling; or (--cluster N) a Raft cluster against one node. Last line: JSON.")
final class BenchCommand implements Runnable {
  @Option(names = "--seconds", defaultValue = "20", description = "Load duration in seconds (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--max-tps", defaultValue = "40000", description = "Upper bound on the rate to pre-sign for (default: ${DEFAULT-VALUE}).")
  double maxTps;

  @Option(names = "--startup", paramLabel = "TRANSACTIONS", description = "Instead: build a chain of this many transactions and time a node start on it.")
  Long startupTransactions;

  @Option(names = "--dcc", description = "Instead: offline EU DCC verifications and issuances per second on one core.")
  boolean dcc;

  @Option(names = "--signatures", description = "Instead: Ed25519 verification on one core, one at a time against the node's batches of 64, 250 and 1,000 (--seconds per figure and round, at most 3).")
  boolean signatures;

  @Option(names = "--trace", description = "Instead: capture a synthetic supply chain of EPCIS events on a fresh node, then time lineage and event queries.")
  boolean trace;

  @Option(names = "--events", defaultValue = "1000000", description = "With --trace: EPCIS events to capture (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--depth", defaultValue = "10", description = "With --trace: lineage depth from a raw item to its container (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--cluster", paramLabel = "NODES", description = "Instead: a loopback Raft cluster of this many node processes against a single node, same transfers, same run; then the leader is killed and the failover timed.")
  Integer clusterNodes;

  @Override
  public void run() {
    if (dcc) {
      try {
        System.out.println(org.lazaret.bench.DccBench.run(Math.max(1, Math.min(seconds, 60)), System.out).json());
      } catch (Exception e) {
        throw new Main.Failure(1, "benchmark failed: " + Main.oneLine(e));
      }
      return;
    }
    if (signatures) {
      System.out.println(org.lazaret.bench.SignatureBench.run(Math.max(1, Math.min(seconds, 3)), System.out).json());
      return;
    }
    if (trace) {
      if (events < 1 || events > 100_000_000L) {
        throw new Main.Failure(2, "--events: must be 1..100000000");
      }
      if (depth < 4 || depth > org.lazaret.node.trace.TraceApi.DEPTH_MAX) {
        throw new Main.Failure(2, "--depth: must be 4.." + org.lazaret.node.trace.TraceApi.DEPTH_MAX + " (the lineage query's own limit)");
      }
      try {
        System.out.println(org.lazaret.bench.TraceBench.run(events, depth, System.out).json());
      } catch (Exception e) {
        throw new Main.Failure(1, "benchmark failed: " + Main.oneLine(e));
      }
      return;
    }
    if (startupTransactions != null) {
      if (startupTransactions < 1 || startupTransactions > 100_000_000L) {
        throw new Main.Failure(2, "--startup: must be 1..100000000");
      }
      try {
        System.out.println(org.lazaret.bench.StartupBench.run(startupTransactions, System.out).json());
      } catch (Exception e) {
        throw new Main.Failure(1, "benchmark failed: " + Main.oneLine(e));
      }
      return;
    }
    if (seconds < 1 || seconds > 3600) {
      throw new Main.Failure(2, "--seconds: must be 1..3600");
    }
    if (clusterNodes != null) {
      if (clusterNodes < 3 || clusterNodes > 7) {
        throw new Main.Failure(2, "--cluster: must be 3..7 nodes (a leader can be killed and a majority remain)");
      }
      try {
        System.out.println(org.lazaret.bench.ClusterBench.run(clusterNodes, seconds, maxTps, System.out).json());
      } catch (Exception e) {
        throw new Main.Failure(1, "benchmark failed: " + Main.oneLine(e));
      }
      return;
    }
    try {
      SingleNodeBench.Result r = SingleNodeBench.run(seconds, maxTps, System.out);
      System.out.println(r.json());
    } catch (Exception e) {
      throw new Main.Failure(1, "benchmark failed: " + Main.oneLine(e));
    }
  }
}
