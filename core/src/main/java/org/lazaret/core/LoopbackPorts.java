package org.lazaret.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for servers that the benchmarks and the tests start on loopback, chosen below the
 * kernel's ephemeral range. A port the kernel lent for a moment ({@code new ServerSocket(0)}) goes
 * back to the pool that outgoing connections draw from, so a node dialling its peers can take it
 * before the server meant to bind it starts; below the range only a bind ever takes a port.
 */
public final class LoopbackPorts {
  private static final int LOWEST = 10_000;
  private static final int EPHEMERAL_LOW_DEFAULT = 32_768;
  private static final int ATTEMPTS = 200;

  private LoopbackPorts() {}

  /** One free port. */
  public static int free() {
    return freeBase(1, 1, 0);
  }

  /**
   * A base port such that {@code base + k * stride + i} is free for every {@code i < size} and
   * {@code k < strides}: for clusters that give node i its API at base+i and its Raft port at
   * base+stride+i.
   */
  public static int freeBase(int size, int strides, int stride) {
    Invariants.check(size >= 1 && strides >= 1 && stride >= 0, "ports: size %d, strides %d, stride %d", size, strides, stride);
    int highest = ephemeralLow() - 1 - (strides - 1) * stride - (size - 1);
    Invariants.check(highest > LOWEST, "no room below the ephemeral range for %d x %d ports %d apart", size, strides, stride);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
      if (allFree(base, size, strides, stride)) {
        return base;
      }
    }
    throw new IllegalStateException("no free loopback ports after " + ATTEMPTS + " attempts");
  }

  private static boolean allFree(int base, int size, int strides, int stride) {
    for (int k = 0; k < strides; k++) {
      for (int i = 0; i < size; i++) {
        if (!bindable(base + k * stride + i)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Probed on the wildcard address, as Ratis binds its port: a loopback probe passes while another
   * process holds the port on some other address, and the wildcard bind then fails.
   */
  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range; the common default elsewhere. */
  private static int ephemeralLow() {
    try {
      // Read by lines: files under /proc report no size, and a size-based read gets a fragment.
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).strip();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return EPHEMERAL_LOW_DEFAULT;
    }
  }
}
