package org.lazaret.consensus.raft;

import java.util.regex.Pattern;
import org.lazaret.consensus.NodeIds;

/**
 * One node of the Raft group: its id (also the common name of its TLS certificate, so that a peer
 * can be told apart by what it proves, not by where it connects from) and where its Raft port
 * listens.
 */
public record RaftMember(String id, String host, int port) implements Comparable<RaftMember> {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,252}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public RaftMember {
    requireValidId(id);
    if (host == null || !HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("host: must be a host name or an IPv4/IPv6 address, got " + host);
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port: must be in 1..65535, got " + port);
    }
  }

  /** Node ids name certificates and Raft peers, so they are short and plain. */
  public static String requireValidId(String id) {
    return NodeIds.requireValid(id);
  }

  /** Parses {@code host:port} (an IPv6 literal in brackets: {@code [::1]:9000}). */
  public static RaftMember of(String id, String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("address: expected host:port, got " + address);
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address: port is not a number in " + address);
    }
    return new RaftMember(id, host, port);
  }

  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public int compareTo(RaftMember other) {
    return id.compareTo(other.id);
  }
}
