package org.lazaret.cli;

import org.lazaret.bench.SingleNodeBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The single-node benchmark; its last line is the result as JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark one node: pre-signed token transfers over HTTP for the given time, against this machine's Ed25519 verification ceiling. Last line: JSON.")
final class BenchCommand implements Runnable {
  @Option(names = "--seconds", defaultValue = "20", description = "Load duration in seconds (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--max-tps", defaultValue = "40000", description = "Upper bound on the rate to pre-sign for (default: ${DEFAULT-VALUE}).")
  double maxTps;

  @Override
  public void run() {
    if (seconds < 1 || seconds > 3600) {
      throw new Main.Failure(2, "--seconds: must be 1..3600");
    }
    try {
      SingleNodeBench.Result r = SingleNodeBench.run(seconds, maxTps, System.out);
      System.out.println(r.json());
    } catch (Exception e) {
      throw new Main.Failure(1, "benchmark failed: " + Main.oneLine(e));
    }
  }
}
