package org.lazaret.cli;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.CredentialsApi;
import org.lazaret.node.api.IssuingApi;
import org.lazaret.node.datahub.DataHubApi;
import org.lazaret.node.runtime.Halt;
import org.lazaret.node.trace.TraceApi;
import org.lazaret.node.trace.TraceModules;
import org.lazaret.storage.LedgerStore;
import org.lazaret.storage.StoreFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Running a node on an existing data folder. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a node.", subcommands = {NodeCommand.Start.class})
final class NodeCommand {
  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a node on an existing data folder (with its genesis.json) and serve until stopped.")
  static final class Start implements Runnable {
    @Option(names = "--data", defaultValue = "data", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to serve on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--block-interval-ms", defaultValue = "100", description = "How long a block waits for more transactions (default: ${DEFAULT-VALUE}).")
    long blockIntervalMillis;

    @Option(names = "--mempool-max", defaultValue = "20000", description = "Most transactions waiting for a block before the node answers 429 (default: ${DEFAULT-VALUE}).")
    int mempoolTxCountMax;

    @Option(names = "--issuer-key", description = "PEM private key of this organisation's document signer: enables POST /v1/credentials/issue on this node.")
    Path issuerKey;

    @Option(names = "--issuer-cert", description = "PEM certificate of that document signer.")
    Path issuerCert;

    @Option(names = "--issuer-country", defaultValue = "XX", description = "Issuing country, ISO 3166 alpha-2 (default: ${DEFAULT-VALUE}).")
    String issuerCountry;

    @Option(names = "--capture-key", description = "Key file of a member holding trace.capture: enables POST /epcis/capture (the EPCIS capture interface) on this node, which signs captures with it.")
    Path captureKey;

    @Option(names = "--config", description = "A node.conf (from 'lazaret network init'): data folder, ports, cluster members and TLS files. Overrides the options above.")
    Path config;

    @Override
    public void run() {
      if ((issuerKey == null) != (issuerCert == null)) {
        throw new Main.Failure(2, "--issuer-key and --issuer-cert go together");
      }
      if (issuerKey != null) {
        try {
          issuing = java.util.Optional.of(new org.lazaret.node.api.IssuingApi.IssuingKey(CertFiles.privateKey(issuerKey, "--issuer-key"), CertFiles.certificate(issuerCert, "--issuer-cert"), issuerCountry));
        } catch (IllegalArgumentException e) {
          throw new Main.Failure(2, "--issuer-country: " + e.getMessage());
        }
      }
      if (config != null) {
        org.lazaret.node.cluster.NodeConfFile.Settings settings;
        try {
          settings = org.lazaret.node.cluster.NodeConfFile.read(config);
        } catch (java.io.IOException e) {
          throw new Main.Failure(2, "--config: cannot read " + config + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
          throw new Main.Failure(2, "--config " + config + ": " + e.getMessage());
        }
        serve(startNode(settings.node(), settings.cluster(), capturing()), null);
        return;
      }
      NodeConfig cfg = new NodeConfig(data, host, port, blockIntervalMillis, org.lazaret.core.Limits.BLOCK_TX_COUNT_MAX, mempoolTxCountMax);
      serve(startNode(cfg, java.util.Optional.empty(), capturing()), null);
    }

    private java.util.Optional<org.lazaret.core.crypto.KeyPair> capturing() {
      return java.util.Optional.ofNullable(captureKey).map(KeyFiles::read);
    }
  }

  /** The issuing key given to 'node start', if any; read by {@link #startNode}. */
  private static java.util.Optional<org.lazaret.node.api.IssuingApi.IssuingKey> issuing = java.util.Optional.empty();

  /**
   * Starts a node with the domain APIs; {@code captureKey} signs the captures of POST
   * /epcis/capture, which answers 503 without one.
   */
  static Node startNode(NodeConfig cfg, java.util.Optional<org.lazaret.node.cluster.ClusterConfig> cluster, java.util.Optional<org.lazaret.core.crypto.KeyPair> captureKey) {
    if (!java.nio.file.Files.isDirectory(cfg.dataDir())) {
      throw new Main.Failure(1, "no data folder at " + cfg.dataDir() + "; run 'lazaret demo --data " + cfg.dataDir() + "' to create one");
    }
    try {
      List<Function<LedgerStore, ApiModule>> modules = new ArrayList<>(List.of(
          CredentialsApi.factory(InstantSource.system()),
          DataHubApi::new,
          TraceApi.factory(captureKey),
          IssuingApi.factory(issuing, InstantSource.system())));
      modules.addAll(TraceModules.views());
      return Node.start(cfg, cluster, modules, Halt.exit());
    } catch (StoreFailure e) {
      throw new Main.Failure(1, e.getMessage());
    } catch (RuntimeException e) {
      if (cluster.isPresent() && e instanceof IllegalStateException) {
        throw new Main.Failure(1, e.getMessage());
      }
      if (hasCause(e, java.net.BindException.class)) {
        throw new Main.Failure(1, "cannot serve on " + cfg.host() + ":" + cfg.port() + ": the port is in use");
      }
      throw e;
    }
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Prints the URLs, then blocks until SIGTERM or Ctrl-C, closing the node cleanly. */
  static void serve(Node node, Runnable afterStart) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                }));
    if (afterStart != null) {
      afterStart.run();
    }
    System.out.println("API: " + node.url());
    System.out.println("Dashboard: " + node.url() + "/");
    System.out.println("API docs: " + node.url() + "/api-docs");
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
