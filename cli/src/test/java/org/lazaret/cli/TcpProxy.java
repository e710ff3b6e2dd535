package org.lazaret.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A TCP forwarder standing in front of one node's Raft port, so a test can cut that node off from
 * its peers and heal it. Every member's Raft address in the cluster's configuration is its proxy's
 * port (Raft shares one set of addresses among all members, so the cut cannot be made by giving
 * each node a different view). To cut node X off in both directions, the proxies in front of the
 * other nodes must also refuse X's outgoing connections; they tell X's connections apart by the
 * process that owns the client socket, read from Linux's /proc (loopback offers nothing else: every
 * connection comes from 127.0.0.1). Each forwarded connection is two virtual threads.
 */
final class TcpProxy implements AutoCloseable {
  /** Which node is cut off, if any, and which process each node id runs as now. */
  static final class Partition {
    private volatile Optional<String> isolated = Optional.empty();
    private final Map<String, Supplier<Long>> pids = new ConcurrentHashMap<>();
    private final Set<TcpProxy> proxies = ConcurrentHashMap.newKeySet();

    void node(String id, Supplier<Long> pid) {
      pids.put(id, pid);
    }

    void isolate(String id) {
      isolated = Optional.of(id);
      proxies.forEach(TcpProxy::enforce);
    }

    void heal() {
      isolated = Optional.empty();
    }

    private boolean allows(String target, Optional<String> owner) {
      return isolated.isEmpty() || (!isolated.get().equals(target) && !owner.equals(isolated));
    }

    private Optional<String> ownerOf(Socket accepted) {
      Optional<Long> inode = socketInode(accepted.getPort(), accepted.getLocalPort());
      if (inode.isEmpty()) {
        return Optional.empty();
      }
      String link = "socket:[" + inode.get() + "]";
      for (Map.Entry<String, Supplier<Long>> e : pids.entrySet()) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(e.getValue().get()), "fd"))) {
          if (fds.anyMatch(fd -> {
            try {
              return Files.readSymbolicLink(fd).toString().equals(link);
            } catch (IOException gone) {
              return false;
            }
          })) {
            return Optional.of(e.getKey());
          }
        } catch (IOException | RuntimeException processGone) {
          // not this one
        }
      }
      return Optional.empty();
    }

    /** The inode of the client socket whose local port is {@code clientPort}, connected to {@code serverPort}. */
    private static Optional<Long> socketInode(int clientPort, int serverPort) {
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        try {
          List<String> lines = Files.readAllLines(Path.of(table));
          for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
            if (local == clientPort && remote == serverPort) {
              return Optional.of(Long.parseLong(f[9]));
            }
          }
        } catch (IOException | RuntimeException unreadable) {
          // try the other table
        }
      }
      return Optional.empty();
    }
  }

  private record Link(Socket client, Socket server, Optional<String> owner) {}

  private final String target;
  private final int targetPort;
  private final Partition partition;
  private final ServerSocket listener;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;

  /** Forwards {@code listenPort} to {@code targetPort}, the Raft port of node {@code target}. */
  TcpProxy(String target, int listenPort, int targetPort, Partition partition) throws IOException {
    this.target = target;
    this.targetPort = targetPort;
    this.partition = partition;
    this.listener = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
    partition.proxies.add(this);
    Thread.ofVirtual().name("proxy-" + target).start(this::accept);
  }

  private void accept() {
    while (open) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      Optional<String> owner = partition.ownerOf(client);
      if (!partition.allows(target, owner)) {
        close(client);
        continue;
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Link link = new Link(client, server, owner);
        links.add(link);
        Thread.ofVirtual().start(() -> pipe(link, client, server));
        Thread.ofVirtual().start(() -> pipe(link, server, client));
      } catch (IOException targetDown) {
        close(client);
      }
    }
  }

  private void pipe(Link link, Socket from, Socket to) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException closed) {
      // one side went away
    } finally {
      drop(link);
    }
  }

  /** Closes every open connection the partition no longer allows. */
  private void enforce() {
    for (Link l : links) {
      if (!partition.allows(target, l.owner())) {
        drop(l);
      }
    }
  }

  private void drop(Link l) {
    links.remove(l);
    close(l.client());
    close(l.server());
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    open = false;
    partition.proxies.remove(this);
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing
    }
    links.forEach(this::drop);
  }
}
