package org.lazaret.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.cluster.NodeConfFile;
import org.lazaret.node.runtime.Halt;

/**
 * The node under benchmark, in its own JVM so that its memory is measured alone and the load
 * generator's pre-signed transactions do not count against it. Arguments: {@code DATA_DIR PORT}
 * for a single node, or {@code --config NODE_CONF} for a cluster member. Prints its API line when
 * serving.
 */
public final class BenchNode {
  private BenchNode() {}

  public static void main(String[] args) throws Exception {
    Node node;
    if (args[0].equals("--config")) {
      NodeConfFile.Settings s = NodeConfFile.read(Path.of(args[1]));
      node = Node.start(s.node(), s.cluster(), List.of(), Halt.exit());
    } else {
      node = Node.start(NodeConfig.defaults(Path.of(args[0]), Integer.parseInt(args[1])), Optional.empty(), List.of(), Halt.exit());
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stop.countDown();
    }));
    System.out.println("API: " + node.url());
    System.out.flush();
    stop.await();
  }

  /**
   * Starts a node JVM with {@code args}; its standard error goes to {@code log} and its standard
   * output to {@link #output}. Both are files, not pipes: a pipe nobody drains after the API line
   * would stall the node once the JVM or a profiling option wrote a pipe's worth to it.
   */
  static Process launch(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(SingleNodeBench.javaCommand(SingleNodeBench.NODE_HEAP));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchNode.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(output(log).toFile()).start();
  }

  /** Where the node launched with {@code log} writes its standard output. */
  static Path output(Path log) {
    return log.resolveSibling("node.out");
  }

  /** Reads the node's standard output, as it grows, until its API line. */
  static String awaitApi(Process node, Path log) throws IOException, InterruptedException {
    try (BufferedReader in = Files.newBufferedReader(output(log), StandardCharsets.UTF_8)) {
      while (true) {
        boolean ended = !node.isAlive();
        // At the end of what is written so far readLine answers null; later reads pick up what follows.
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("API: ")) {
            return line.substring(5).strip();
          }
        }
        if (ended) {
          throw new IOException("the node process ended before serving (exit " + node.exitValue() + ")");
        }
        Thread.sleep(50);
      }
    }
  }
}
