package org.lazaret.node.datahub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.casedata.CaseDataFormatException;
import org.lazaret.casedata.Metric;
import org.lazaret.casedata.ProgressListener;
import org.lazaret.casedata.place.Place;
import org.lazaret.casedata.place.PlaceId;
import org.lazaret.casedata.place.PlaceKind;
import org.lazaret.casedata.place.Places;
import org.lazaret.casedata.series.Series;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.Problem;
import org.lazaret.node.datahub.DataState.StoredPoint;
import org.lazaret.storage.LedgerStore;

/**
 * The COVID-19 data hub's HTTP API over the data contract's state: series by place, metric,
 * source and date range (cumulative or daily, per 100,000 people, trailing averages), the
 * consensus of all sources with the reason for each point, discrepancies, sources, releases and
 * what each changed, the provenance of any point with its proofs, a world view of one metric on
 * one date, and {@code POST /v1/data/prepare}, which turns a file into the calls that publish it
 * for the client to sign. Read-only: everything written goes through signed transactions.
 */
public final class DataHubApi implements ApiModule {
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final String SOURCE = "[A-Za-z0-9][A-Za-z0-9._-]{0,31}";
  private static final int AVERAGE_DAYS_MAX = 28;

  private final DataState state;
  private final Places places;

  public DataHubApi(LedgerStore store) {
    this(store, Places.standard());
  }

  public DataHubApi(LedgerStore store, Places places) {
    this.state = new DataState(Objects.requireNonNull(store, "store"));
    this.places = Objects.requireNonNull(places, "places");
  }

  @Override
  public void routes(Javalin app) {
    app.get("/v1/data/series", this::series);
    app.get("/v1/data/discrepancies", this::discrepancies);
    app.get("/v1/data/sources", this::sources);
    app.get("/v1/data/places", this::places);
    app.get("/v1/data/releases/{id}", ctx -> send(ctx, ProvenanceViews.release(state, releaseId(ctx))));
    app.get("/v1/data/releases/{id}/changes", ctx -> send(ctx, ProvenanceViews.changes(state, releaseId(ctx), limit(ctx))));
    app.get("/v1/data/provenance", this::provenance);
    app.get("/v1/data/world", this::world);
    app.post("/v1/data/prepare", this::prepare);
  }

  // ---- series ----

  private void series(Context ctx) {
    String place = place(ctx);
    String metric = metric(ctx);
    Optional<String> source = optional(ctx, "source").map(s -> checkSource(s));
    boolean daily = switch (optional(ctx, "mode").orElse("cumulative")) {
      case "cumulative" -> false;
      case "daily" -> true;
      default -> throw Problem.badRequest("mode", "must be cumulative or daily");
    };
    LocalDate from = date(ctx, "from").orElse(LocalDate.MIN);
    LocalDate to = date(ctx, "to").orElse(LocalDate.MAX);
    if (from.isAfter(to)) {
      throw Problem.badRequest("from", "must not be after to");
    }
    OptionalLong population = OptionalLong.empty();
    if (bool(ctx, "perCapita")) {
      population = places.population(PlaceId.of(place));
      if (population.isEmpty()) {
        throw Problem.badRequest("perCapita", "no population is known for " + place);
      }
    }
    int average = optional(ctx, "average").map(a -> integer("average", a, 1, AVERAGE_DAYS_MAX)).orElse(0);
    SeriesViews.Query q = new SeriesViews.Query(daily, from, to, population, average);
    if (source.isPresent()) {
      TreeMap<LocalDate, StoredPoint> stored = state.series(source.get(), place, metric)
          .orElseThrow(() -> Problem.notFound("source '" + source.get() + "' has no series " + place + "/" + metric));
      send(ctx, SeriesViews.single(place, metric, source.get(), stored, q));
      return;
    }
    TreeMap<String, TreeMap<LocalDate, StoredPoint>> all = state.allSources(place, metric);
    if (all.isEmpty()) {
      throw Problem.notFound("no source has a series " + place + "/" + metric);
    }
    send(ctx, SeriesViews.consensus(place, metric, all, q));
  }

  private void discrepancies(Context ctx) {
    String place = place(ctx);
    String metric = metric(ctx);
    Optional<String> status = optional(ctx, "status");
    status.ifPresent(s -> {
      if (!s.equals("open") && !s.equals("resolved")) {
        throw Problem.badRequest("status", "must be open or resolved");
      }
    });
    Optional<String> kind = optional(ctx, "kind");
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    long omitted = 0;
    Optional<JsonNode> book = state.issues(place, metric);
    if (book.isPresent()) {
      omitted = book.get().path("omitted").asLong();
      book.get().path("issues").fields().forEachRemaining(e -> {
        JsonNode issue = e.getValue();
        if (status.map(s -> s.equals(issue.path("status").asText())).orElse(true) && kind.map(k -> k.equals(issue.path("kind").asText())).orElse(true)) {
          out.add(((ObjectNode) issue.deepCopy()).put("id", e.getKey()));
        }
      });
    }
    ctx.header("Lazaret-Omitted-Issues", Long.toString(omitted));
    send(ctx, out);
  }

  private void sources(Context ctx) {
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    for (String name : state.sources()) {
      ObjectNode o = arr.addObject().put("name", name);
      JsonNode s = state.source(name).orElseThrow();
      o.put("publisher", s.path("publisher").asText());
      JsonNode releases = s.path("releases");
      o.put("releases", releases.size());
      o.set("versions", releases);
      if (!releases.isEmpty()) {
        state.release(releases.get(releases.size() - 1).asText()).ifPresent(r -> {
          ObjectNode latest = o.putObject("latest");
          for (String f : new String[] {"id", "version", "status", "time", "fileName", "fileHash", "licence", "format", "written"}) {
            if (r.has(f)) {
              latest.set(f, r.get(f));
            }
          }
        });
      }
      long series = 0;
      for (TreeSet<String> metrics : state.catalog(name).values()) {
        series += metrics.size();
      }
      o.put("series", series);
    }
    send(ctx, JsonNodeFactory.instance.objectNode().set("sources", arr));
  }

  private void places(Context ctx) {
    TreeMap<String, TreeMap<String, TreeSet<String>>> byPlace = new TreeMap<>();
    for (String source : state.sources()) {
      for (Map.Entry<String, TreeSet<String>> e : state.catalog(source).entrySet()) {
        byPlace.computeIfAbsent(e.getKey(), p -> new TreeMap<>()).put(source, e.getValue());
      }
    }
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    byPlace.forEach((id, sources) -> {
      ObjectNode o = arr.addObject().put("id", id);
      Optional<Place> p = places.place(PlaceId.of(id));
      o.put("name", p.map(Place::name).orElse(id)).put("kind", PlaceId.of(id).kind().name().toLowerCase(java.util.Locale.ROOT));
      OptionalLong population = places.population(PlaceId.of(id));
      if (population.isPresent()) {
        o.put("population", population.getAsLong());
      } else {
        o.putNull("population");
      }
      ObjectNode s = o.putObject("sources");
      sources.forEach((name, metrics) -> {
        ArrayNode m = s.putArray(name);
        metrics.forEach(m::add);
      });
    });
    send(ctx, JsonNodeFactory.instance.objectNode().set("places", arr));
  }

  private void provenance(Context ctx) {
    String place = place(ctx);
    String metric = metric(ctx);
    String source = checkSource(required(ctx, "source"));
    LocalDate date = date(ctx, "date").orElseThrow(() -> Problem.badRequest("date", "required"));
    send(ctx, ProvenanceViews.provenance(state, place, metric, source, date));
  }

  /** One metric on one date (or the latest date before it) for every place with data. */
  private void world(Context ctx) {
    String metric = metric(ctx);
    LocalDate date = date(ctx, "date").orElseThrow(() -> Problem.badRequest("date", "required"));
    Optional<String> source = optional(ctx, "source").map(s -> checkSource(s));
    boolean countriesOnly = switch (optional(ctx, "kind").orElse("country")) {
      case "country" -> true;
      case "all" -> false;
      default -> throw Problem.badRequest("kind", "must be country or all");
    };
    TreeSet<String> placeIds = new TreeSet<>();
    for (String s : source.map(java.util.List::of).orElseGet(() -> java.util.List.copyOf(state.sources()))) {
      state.catalog(s).forEach((p, metrics) -> {
        if (metrics.contains(metric) && (!countriesOnly || PlaceId.of(p).kind() == PlaceKind.COUNTRY)) {
          placeIds.add(p);
        }
      });
    }
    ArrayNode rows = JsonNodeFactory.withExactBigDecimals(true).arrayNode();
    for (String p : placeIds) {
      TreeMap<String, TreeMap<LocalDate, StoredPoint>> all = source.isPresent()
          ? state.series(source.get(), p, metric).map(s -> { TreeMap<String, TreeMap<LocalDate, StoredPoint>> m = new TreeMap<>(); m.put(source.get(), s); return m; }).orElse(new TreeMap<>())
          : state.allSources(p, metric);
      WorldRow.of(p, date, all).ifPresent(r -> rows.add(r.toJson(places)));
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("metric", metric).put("date", date.toString()).put("source", source.orElse("consensus"));
    o.set("rows", rows);
    send(ctx, o);
  }

  // ---- publishing ----

  private void prepare(Context ctx) {
    String source = checkSource(required(ctx, "source"));
    String fileName = optional(ctx, "fileName").orElse("upload.csv");
    String licence = optional(ctx, "licence").orElse("unstated");
    Optional<Metric> metric = optional(ctx, "metric").map(m -> metricOf("metric", m));
    byte[] file = ctx.bodyAsBytes();
    if (file.length == 0) {
      throw Problem.badRequest("body", "empty; send the case-data file as the request body");
    }
    ReleasePlan plan;
    try {
      plan = ReleasePlan.of(file, new ReleasePlan.Meta(source, fileName, licence, metric), ProgressListener.NONE);
    } catch (CaseDataFormatException e) {
      ObjectNode body = new Problem(400, "MALFORMED_FILE", "file", e.getMessage(), false, 0).body();
      body.put("line", e.line()).put("column", e.column());
      ctx.status(400).contentType("application/problem+json").result(body.toString());
      return;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("openRelease", plan.openRelease());
    ArrayNode calls = o.putArray("addSeries");
    plan.addSeries().forEach(calls::add);
    o.putObject("closeRelease").put("observations", plan.points());
    ObjectNode summary = o.putObject("summary");
    summary.put("format", plan.format().name()).put("rows", plan.rows()).put("parsedObservations", plan.parsedObservations());
    summary.put("points", plan.points()).put("series", plan.seriesCount()).put("calls", plan.addSeries().size() + 2);
    ArrayNode unmapped = summary.putArray("unmappedLabels");
    plan.unmapped().forEach(u -> unmapped.addObject().put("label", u.label()).put("firstLine", u.firstLine()).put("rows", u.rows()));
    o.put("note", "sign openRelease first; its transaction id is the release id to put in every addSeries call and in closeRelease");
    send(ctx, o);
  }

  // ---- parameters ----

  private static void send(Context ctx, JsonNode node) {
    try {
      ctx.contentType("application/json").result(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialise", e);
    }
  }

  private static Optional<String> optional(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private static String required(Context ctx, String name) {
    return optional(ctx, name).orElseThrow(() -> Problem.badRequest(name, "required"));
  }

  private static String place(Context ctx) {
    String p = required(ctx, "place");
    if (!PlaceId.isValid(p)) {
      throw Problem.badRequest("place", "'" + p + "' is not a place id (ISO 3166-1 alpha-3 such as DEU, ISO 3166-2 such as US-NY, or an OWID_ code)");
    }
    return p;
  }

  private static String metric(Context ctx) {
    return metricName(metricOf("metric", required(ctx, "metric")));
  }

  private static Metric metricOf(String field, String value) {
    for (Metric m : Metric.values()) {
      if (ReleasePlan.metricName(m).equals(value)) {
        return m;
      }
    }
    throw Problem.badRequest(field, "must be one of confirmed, deaths, recovered, tests, vaccinations");
  }

  private static String metricName(Metric m) {
    return ReleasePlan.metricName(m);
  }

  private static String checkSource(String s) {
    if (!s.matches(SOURCE)) {
      throw Problem.badRequest("source", "must match " + SOURCE);
    }
    return s;
  }

  private static Optional<LocalDate> date(Context ctx, String name) {
    return optional(ctx, name).map(v -> {
      try {
        if (!v.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
          throw new java.time.format.DateTimeParseException("shape", v, 0);
        }
        return LocalDate.parse(v);
      } catch (java.time.format.DateTimeParseException e) {
        throw Problem.badRequest(name, "'" + v + "' is not a date YYYY-MM-DD");
      }
    });
  }

  private static boolean bool(Context ctx, String name) {
    return switch (optional(ctx, name).orElse("false")) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Problem.badRequest(name, "must be true or false");
    };
  }

  private static int integer(String name, String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw Problem.badRequest(name, "must be from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw Problem.badRequest(name, "'" + v + "' is not a whole number");
    }
  }

  private static int limit(Context ctx) {
    return optional(ctx, "limit").map(v -> integer("limit", v, 1, ProvenanceViews.CHANGES_LISTED_MAX)).orElse(100);
  }

  private static String releaseId(Context ctx) {
    String id = ctx.pathParam("id");
    if (!id.matches("[0-9a-f]{64}")) {
      throw Problem.badRequest("id", "must be a release id: 64 lower-case hex digits");
    }
    return id;
  }

  /** One place's value in the world view: the point on the date, or the latest before it. */
  private record WorldRow(String place, LocalDate date, long value, String source, String release) {
    static Optional<WorldRow> of(String place, LocalDate date, TreeMap<String, TreeMap<LocalDate, StoredPoint>> sources) {
      TreeMap<String, TreeMap<LocalDate, StoredPoint>> latest = new TreeMap<>();
      for (Map.Entry<String, TreeMap<LocalDate, StoredPoint>> s : sources.entrySet()) {
        Map.Entry<LocalDate, StoredPoint> e = s.getValue().floorEntry(date);
        if (e != null) {
          TreeMap<LocalDate, StoredPoint> one = new TreeMap<>();
          one.put(date, e.getValue());
          latest.put(s.getKey(), one);
        }
      }
      if (latest.isEmpty()) {
        return Optional.empty();
      }
      String metricless = "confirmed"; // the consensus rule does not look at the metric
      var chosen = SeriesViews.choose(place, metricless, latest).get(0);
      LocalDate actual = sources.get(chosen.chosenSource()).floorKey(date);
      return Optional.of(new WorldRow(place, actual, chosen.value(), chosen.chosenSource(), latest.get(chosen.chosenSource()).get(date).release()));
    }

    ObjectNode toJson(Places places) {
      ObjectNode o = JsonNodeFactory.withExactBigDecimals(true).objectNode();
      o.put("place", place).put("name", places.place(PlaceId.of(place)).map(Place::name).orElse(place));
      o.put("date", date.toString()).put("value", value).put("source", source).put("release", release);
      OptionalLong population = places.population(PlaceId.of(place));
      if (population.isPresent()) {
        o.put("population", population.getAsLong()).put("per100k", Series.per100k(value, population.getAsLong()));
      } else {
        o.putNull("population").putNull("per100k");
      }
      return o;
    }
  }
}
