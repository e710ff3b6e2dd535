package org.lazaret.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Ports handed out lie below the ephemeral range and can be bound, every one of a block. */
class LoopbackPortsTest {
  @Test
  void aFreePortIsBelowTheEphemeralRangeAndBindable() throws Exception {
    int port = LoopbackPorts.free();
    assertThat(port).isGreaterThanOrEqualTo(10_000);
    java.nio.file.Path range = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (java.nio.file.Files.exists(range)) {
      assertThat(port).isLessThan(Integer.parseInt(java.nio.file.Files.readAllLines(range).get(0).strip().split("\\s+")[0]));
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aBaseLeavesEveryPortOfEachStrideFree() throws Exception {
    int base = LoopbackPorts.freeBase(3, 3, 1000);
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < 3; i++) {
        try (ServerSocket s = new ServerSocket(base + k * 1000 + i, 1, InetAddress.getLoopbackAddress())) {
          assertThat(s.isBound()).isTrue();
        }
      }
    }
  }

  @Test
  void aBlockThatCannotFitBelowTheRangeIsRefused() {
    assertThatThrownBy(() -> LoopbackPorts.freeBase(2, 3, 20_000)).isInstanceOf(InvariantViolation.class).hasMessageContaining("no room");
  }
}
