package org.lazaret.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.runtime.Halt;

/**
 * The node under benchmark, in its own JVM so that its memory is measured alone and the load
 * generator's pre-signed transactions do not count against it. Prints its API line when serving.
 */
public final class BenchNode {
  private BenchNode() {}

  public static void main(String[] args) throws InterruptedException {
    Node node = Node.start(NodeConfig.defaults(Path.of(args[0]), Integer.parseInt(args[1])), List.of(), Halt.exit());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stop.countDown();
    }));
    System.out.println("API: " + node.url());
    System.out.flush();
    stop.await();
  }
}
