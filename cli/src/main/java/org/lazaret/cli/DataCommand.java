package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import org.lazaret.casedata.CaseDataFormatException;
import org.lazaret.casedata.Metric;
import org.lazaret.contracts.datasets.DatasetContract;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.datahub.ReleasePlan;
import org.lazaret.sdk.LazaretClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Publishing case-data files to the ledger and reading the series back. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Publish COVID-19 case data and query it.", subcommands = {DataCommand.Publish.class, DataCommand.SeriesQuery.class})
final class DataCommand {
  private DataCommand() {}

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = "Parse a JHU CSSE, OWID or NYT file and publish it as a release: open, the series in calls under the size limit, close. "
          + "A malformed file is refused with its line and column before anything is sent. Exits 0 once every transaction is committed and applied.")
  static final class Publish implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--key", required = true, description = "Key file of a member holding the data.publisher role.")
    Path key;

    @Option(names = "--source", required = true, description = "Source name, such as jhu or owid-ecdc (lower case, digits, . _ -).")
    String source;

    @Option(names = "--licence", defaultValue = "unstated", description = "Licence of the file (default: ${DEFAULT-VALUE}).")
    String licence;

    @Option(names = "--metric", description = "Metric of a file whose header does not say it (JHU time series, OWID wide): confirmed, deaths, recovered, tests, vaccinations.")
    String metric;

    @Option(names = "--batch", defaultValue = "32", description = "Transactions per submission (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for the release to be committed (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Parameters(index = "0", description = "The case-data file (CSV).")
    Path file;

    @Override
    public void run() {
      if (!source.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}")) {
        throw new Main.Failure(2, "--source: must be letters, digits, '.', '_' or '-', up to 32 characters (names are case-sensitive)");
      }
      if (batch < 1 || batch > 256) {
        throw new Main.Failure(2, "--batch: must be from 1 to 256");
      }
      Optional<Metric> m = Optional.ofNullable(metric).map(DataCommand::metric);
      byte[] bytes = read(file);
      KeyPair k = KeyFiles.read(key);
      long t0 = System.nanoTime();
      ReleasePlan plan;
      try (ProgressBar bar = Progress.bar("parse", bytes.length, " KiB", 1024)) {
        plan = ReleasePlan.of(bytes, new ReleasePlan.Meta(source, file.getFileName().toString(), licence, m), (chars, rows) -> bar.stepTo(chars));
        bar.stepTo(bytes.length);
      } catch (CaseDataFormatException e) {
        throw new Main.Failure(1, file + ": " + e.getMessage() + "; nothing was published");
      }
      LazaretClient client = Remote.client(node);
      List<SignedTransaction> txs = sign(client, k, plan);
      String release = txs.get(0).id().hex();
      List<JsonNode> outcomes;
      try (ProgressBar bar = Progress.bar("publish", txs.size(), " tx", 1)) {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Sender.submit(client, txs, batch, timeout, bar).ifPresent(r -> {
          throw new Main.Failure(1, txs.get(r.index()).body().method() + " (transaction " + txs.get(r.index()).id().hex() + ") was rejected: "
              + r.code() + ": " + r.detail() + (r.index() > 0 ? "; the release stays open and incomplete" : ""));
        });
        outcomes = Sender.await(client, txs, timeout, bar);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      for (int i = 0; i < outcomes.size(); i++) {
        JsonNode s = outcomes.get(i);
        if (!s.path("receipt").path("success").asBoolean()) {
          throw new Main.Failure(1, "release " + release + ": " + txs.get(i).body().method() + " (transaction " + txs.get(i).id().hex() + ") was reverted: " + s.path("receipt").path("reason").asText());
        }
      }
      ObjectNode out = CanonicalJson.object();
      out.put("release", release).put("source", source).put("fileHash", plan.openRelease().path("fileHash").asText());
      out.put("format", plan.format().name()).put("rows", plan.rows()).put("parsedObservations", plan.parsedObservations());
      out.put("observations", plan.points()).put("series", plan.seriesCount()).put("transactions", txs.size());
      out.put("height", outcomes.get(outcomes.size() - 1).path("height").asLong());
      out.put("unmappedLabels", plan.unmapped().size());
      out.put("millis", Math.round(seconds * 1000));
      out.put("rowsPerSecond", Math.round(plan.rows() / seconds)).put("observationsPerSecond", Math.round(plan.points() / seconds));
      Remote.print(out);
    }

    /** Signs the whole release with consecutive nonces, so it can be sent without waiting between calls. */
    private static List<SignedTransaction> sign(LazaretClient client, KeyPair k, ReleasePlan plan) {
      String chain = Remote.call(() -> client.health()).path("chainId").asText();
      long nonce = Remote.call(() -> client.account(k.publicKey())).path("nextNonce").asLong();
      long expires = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
      List<SignedTransaction> txs = new ArrayList<>();
      SignedTransaction open = Transaction.of(chain, k.publicKey(), nonce++, DatasetContract.NAME, "openRelease", plan.openRelease(), expires).sign(k);
      txs.add(open);
      String release = open.id().hex();
      for (int i = 0; i < plan.addSeries().size(); i++) {
        txs.add(Transaction.of(chain, k.publicKey(), nonce++, DatasetContract.NAME, "addSeries", plan.addSeriesArgs(i, release), expires).sign(k));
      }
      txs.add(Transaction.of(chain, k.publicKey(), nonce, DatasetContract.NAME, "closeRelease", plan.closeReleaseArgs(release), expires).sign(k));
      return txs;
    }
  }

  @Command(name = "series", mixinStandardHelpOptions = true, description = "Print a series as JSON: one source's, or without --source the consensus of all sources.")
  static final class SeriesQuery implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--place", required = true, description = "Place id: ISO 3166-1 alpha-3 (DEU), ISO 3166-2 (US-NY) or an OWID_ code.")
    String place;

    @Option(names = "--metric", required = true, description = "confirmed, deaths, recovered, tests or vaccinations.")
    String metric;

    @Option(names = "--source", description = "Source name; without it, the consensus series.")
    String source;

    @Option(names = "--mode", defaultValue = "cumulative", description = "cumulative or daily (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--from", description = "First date, YYYY-MM-DD.")
    String from;

    @Option(names = "--to", description = "Last date, YYYY-MM-DD.")
    String to;

    @Override
    public void run() {
      StringBuilder q = new StringBuilder("/v1/data/series?place=").append(enc(place)).append("&metric=").append(enc(metric)).append("&mode=").append(enc(mode));
      if (source != null) {
        q.append("&source=").append(enc(source));
      }
      if (from != null) {
        q.append("&from=").append(enc(from));
      }
      if (to != null) {
        q.append("&to=").append(enc(to));
      }
      LazaretClient client = Remote.client(node);
      Remote.print(Remote.call(() -> client.get(q.toString())));
    }
  }

  static Metric metric(String name) {
    for (Metric m : Metric.values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(name)) {
        return m;
      }
    }
    throw new Main.Failure(2, "--metric: must be one of confirmed, deaths, recovered, tests, vaccinations");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Main.Failure(1, "no file at " + file);
    } catch (IOException e) {
      throw new Main.Failure(1, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
