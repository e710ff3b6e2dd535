package org.lazaret.node.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The node's named threads; thread creation lives in the runtime package only. */
public final class Threads {
  private Threads() {}

  /** One daemon thread for periodic tasks. */
  public static ScheduledExecutorService scheduled(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name(name).daemon(true).unstarted(r));
  }

  /** One daemon thread that runs tasks in submission order. */
  public static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name(name).daemon(true).unstarted(r));
  }
}
