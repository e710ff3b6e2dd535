package org.lazaret.contracts.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.lazaret.contracts.Revert;
import org.lazaret.core.json.CanonicalJson;

/**
 * The discrepancies recorded for one place and metric across all sources, as one state value:
 * {@code {"issues": {"<date>/<kind>[/<source>]": {...}}, "omitted": n}}. An issue keeps the
 * evidence (the values with their source, release and row), a status and notes.
 *
 * <p>Bounded: automatic records keep the encoded book under {@link #BYTES_MAX}; what does not fit
 * is counted in {@code omitted} rather than refusing the release that found it, so a noisy source
 * cannot block publishing. Curators' notes (at most {@link #NOTES_PER_ISSUE_MAX} per issue) may
 * take the book up to the state value limit, beyond which an annotation is refused.
 */
final class IssueBook {
  static final String CROSS_SOURCE = "cross-source";
  static final String NEGATIVE_DAILY = "negative-daily";
  static final String REVISION = "revision";
  static final String GAP = "gap";
  static final int BYTES_MAX = 192 * 1024;
  static final int NOTES_PER_ISSUE_MAX = 16;
  /** Fields of an issue that are bookkeeping rather than evidence. */
  private static final Set<String> BOOKKEEPING = Set.of("status", "notes", "release", "time");

  private final Optional<JsonNode> stored;
  private final TreeMap<String, ObjectNode> issues = new TreeMap<>();
  private final List<String> added = new ArrayList<>();
  private long omitted;
  private int changes;

  private IssueBook(Optional<JsonNode> stored) {
    this.stored = stored;
    load();
  }

  static IssueBook read(Optional<JsonNode> stored) {
    return new IssueBook(stored);
  }

  private void load() {
    issues.clear();
    added.clear();
    omitted = 0;
    changes = 0;
    if (stored.isEmpty()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = stored.get().path("issues").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      issues.put(e.getKey(), (ObjectNode) e.getValue().deepCopy());
    }
    omitted = stored.get().path("omitted").asLong(0);
  }

  static String id(LocalDate date, String kind, Optional<String> source) {
    return date + "/" + kind + source.map(s -> "/" + s).orElse("");
  }

  /** A new issue's evidence: the bookkeeping fields are added by {@link #record}. */
  static ObjectNode evidence(LocalDate date, String kind, Optional<String> source) {
    ObjectNode o = CanonicalJson.object().put("date", date.toString()).put("kind", kind);
    source.ifPresent(s -> o.put("source", s));
    o.putArray("values");
    return o;
  }

  static void value(ObjectNode evidence, String source, long value, String release, long row, Optional<LocalDate> date) {
    ObjectNode v = ((ArrayNode) evidence.get("values")).addObject();
    v.put("source", source).put("value", value).put("release", release).put("row", row);
    date.ifPresent(d -> v.put("date", d.toString()));
  }

  /** Records that an issue holds with this evidence; an issue found again with new evidence reopens. */
  void record(ObjectNode evidence, String release, long time) {
    String id = id(LocalDate.parse(evidence.get("date").textValue()), evidence.get("kind").textValue(), Optional.ofNullable(evidence.get("source")).map(JsonNode::textValue));
    ObjectNode existing = issues.get(id);
    if (existing == null) {
      ObjectNode issue = evidence.deepCopy();
      issue.put("status", "open").put("release", release).put("time", time).putArray("notes");
      issues.put(id, issue);
      added.add(id);
      changes++;
      return;
    }
    if (sameEvidence(existing, evidence)) {
      return;
    }
    List<String> old = new ArrayList<>();
    existing.fieldNames().forEachRemaining(old::add);
    for (String f : old) {
      if (!BOOKKEEPING.contains(f)) {
        existing.remove(f);
      }
    }
    evidence.fields().forEachRemaining(e -> existing.set(e.getKey(), e.getValue().deepCopy()));
    existing.put("status", "open").put("release", release).put("time", time);
    changes++;
  }

  /** Records that an open issue is no longer found: it is resolved, with a note saying by what. */
  void clear(String id, String release, long time) {
    ObjectNode existing = issues.get(id);
    if (existing == null || !"open".equals(existing.path("status").asText())) {
      return;
    }
    existing.put("status", "resolved").put("release", release).put("time", time);
    ArrayNode notes = (ArrayNode) existing.get("notes");
    if (notes.size() < NOTES_PER_ISSUE_MAX) {
      notes.addObject().put("release", release).put("time", time).put("text", "no longer found after release " + release);
    }
    changes++;
  }

  /** A curator's note; with {@code resolve} the issue is marked resolved. */
  void annotate(String id, String org, String key, long time, String text, boolean resolve) {
    ObjectNode existing = issues.get(id);
    if (existing == null) {
      throw new Revert("UNKNOWN_ISSUE", "no issue " + id + " is recorded for this place and metric");
    }
    ArrayNode notes = (ArrayNode) existing.get("notes");
    if (notes.size() >= NOTES_PER_ISSUE_MAX) {
      throw new Revert("NOTES_FULL", "issue " + id + " already has " + NOTES_PER_ISSUE_MAX + " notes");
    }
    notes.addObject().put("org", org).put("key", key).put("time", time).put("text", text).put("resolve", resolve);
    if (resolve) {
      existing.put("status", "resolved");
    }
    changes++;
  }

  private static boolean sameEvidence(ObjectNode existing, ObjectNode evidence) {
    ObjectNode a = existing.deepCopy();
    a.remove(BOOKKEEPING);
    return CanonicalJson.encodeToString(a).equals(CanonicalJson.encodeToString(evidence));
  }

  Optional<ObjectNode> issue(String id) {
    return Optional.ofNullable(issues.get(id));
  }

  int changes() {
    return changes;
  }

  long omitted() {
    return omitted;
  }

  ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    ObjectNode is = o.putObject("issues");
    issues.forEach(is::set);
    o.put("omitted", omitted);
    return o;
  }

  /**
   * The value to store after automatic records, within {@link #BYTES_MAX}: the newest additions
   * are dropped (and counted as omitted) until it fits; if updates alone overflow, the stored
   * book is kept and every change of this call is counted as omitted. Deterministic: it depends
   * only on the canonical encoding.
   */
  ObjectNode toJsonWithinBudget() {
    ObjectNode o = toJson();
    int size = CanonicalJson.encode(o).length;
    if (size <= BYTES_MAX) {
      return o;
    }
    long excess = size - BYTES_MAX;
    for (int i = added.size() - 1; i >= 0 && excess > 0; i--) {
      String id = added.get(i);
      ObjectNode issue = issues.remove(id);
      excess -= CanonicalJson.encode(CanonicalJson.object().set(id, issue)).length - 1;
      omitted++;
    }
    o = toJson();
    if (CanonicalJson.encode(o).length <= BYTES_MAX) {
      return o;
    }
    int lost = changes;
    load();
    omitted += lost;
    changes = lost;
    return toJson();
  }
}
