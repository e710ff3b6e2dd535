package org.lazaret.node.trace;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.epcis.Cbv;
import org.lazaret.epcis.EpcPattern;
import org.lazaret.epcis.Identifiers;
import org.lazaret.node.api.Problem;
import org.lazaret.node.trace.IndexedEvent.Field;

/**
 * The EPCIS 2.0 SimpleEventQuery as {@code GET /epcis/events} takes it in the query string,
 * checked and normalised the way the index stores values (identifiers as canonical EPC URNs,
 * vocabulary as short CBV words), so that a query in either identifier form finds the same events.
 * A parameter this node does not know is refused naming it, as the standard's
 * QueryParameterException; so is a malformed value.
 *
 * <p>Lists: a parameter may be repeated, and its values may be separated by {@code |}; a comma
 * also separates values where a value cannot contain one (vocabulary), and before the next
 * identifier ({@code ,urn:}, {@code ,https://} or {@code ,ni:}), since GS1 serials may hold commas.
 *
 * @param matches every condition on values; an event must meet all of them
 * @param eventFrom GE_eventTime (inclusive), epoch ms
 * @param eventTo LT_eventTime (exclusive)
 * @param recordFrom GE_recordTime
 * @param recordTo LT_recordTime
 * @param order the order of results; also what a page token's time means
 * @param descending the direction of that order
 * @param perPage events per page
 * @param countLimit eventCountLimit: at most this many events over all pages
 * @param after where this page starts, from the previous page's token
 * @param fingerprint identifies the query apart from paging, for page tokens
 */
record EventQuery(List<Match> matches, long eventFrom, long eventTo, long recordFrom, long recordTo, Order order, boolean descending, int perPage, long countLimit,
    Optional<PageToken> after, String fingerprint) {
  static final int PER_PAGE_DEFAULT = 100;
  static final String CODE = "QUERY_PARAMETER";
  private static final Set<String> EVENT_TYPES = Set.of("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent");
  private static final Set<String> ACTIONS = Set.of("ADD", "OBSERVE", "DELETE");

  /** The sort order of results. */
  enum Order {
    EVENT_TIME,
    RECORD_TIME
  }

  /**
   * One condition: some value of the event in one of {@code fields} matches one of {@code patterns}.
   *
   * @param parameter the query parameter it came from, to name in messages
   */
  record Match(String parameter, Set<Field> fields, List<EpcPattern> patterns) {
    Match {
      fields = Set.copyOf(fields);
      patterns = List.copyOf(patterns);
    }

    boolean test(IndexedEvent e) {
      for (Field f : fields) {
        for (String v : e.values(f)) {
          for (EpcPattern p : patterns) {
            if (p.matches(v)) {
              return true;
            }
          }
        }
      }
      return false;
    }
  }

  boolean test(IndexedEvent e) {
    if (e.eventTime() < eventFrom || e.eventTime() >= eventTo || e.recordTime() < recordFrom || e.recordTime() >= recordTo) {
      return false;
    }
    for (Match m : matches) {
      if (!m.test(e)) {
        return false;
      }
    }
    return true;
  }

  /** Reads a query string's parameters; throws a 400 problem naming the first bad one. */
  static EventQuery parse(Map<String, List<String>> params) {
    List<Match> matches = new ArrayList<>();
    long[] times = {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE};
    Order order = Order.EVENT_TIME;
    Optional<Boolean> descending = Optional.empty();
    boolean ordered = false;
    int perPage = PER_PAGE_DEFAULT;
    long countLimit = Long.MAX_VALUE;
    Optional<String> token = Optional.empty();
    TreeMap<String, List<String>> fingerprinted = new TreeMap<>();
    for (Map.Entry<String, List<String>> p : new TreeMap<>(params).entrySet()) {
      String name = p.getKey();
      List<String> raw = p.getValue().stream().filter(v -> !v.isBlank()).toList();
      if (!name.equals("nextPageToken")) {
        fingerprinted.put(name, raw);
      }
      switch (name) {
        case "eventType" -> matches.add(words(name, raw, Field.TYPE, v -> oneOf(name, v, EVENT_TYPES)));
        case "EQ_action" -> matches.add(words(name, raw, Field.ACTION, v -> oneOf(name, v, ACTIONS)));
        case "EQ_bizStep" -> matches.add(words(name, raw, Field.BIZ_STEP, Cbv::shortForm));
        case "EQ_disposition" -> matches.add(words(name, raw, Field.DISPOSITION, Cbv::shortForm));
        case "EQ_readPoint", "WD_readPoint" -> matches.add(ids(name, raw, EnumSet.of(Field.READ_POINT), v -> EpcPattern.exactly(urn(name, v))));
        case "EQ_bizLocation", "WD_bizLocation" -> matches.add(ids(name, raw, EnumSet.of(Field.BIZ_LOCATION), v -> EpcPattern.exactly(urn(name, v))));
        case "MATCH_epc" -> matches.add(ids(name, raw, EnumSet.of(Field.EPC), v -> pattern(name, v, false)));
        case "MATCH_parentID" -> matches.add(ids(name, raw, EnumSet.of(Field.PARENT), v -> pattern(name, v, false)));
        case "MATCH_inputEPC" -> matches.add(ids(name, raw, EnumSet.of(Field.INPUT_EPC), v -> pattern(name, v, false)));
        case "MATCH_outputEPC" -> matches.add(ids(name, raw, EnumSet.of(Field.OUTPUT_EPC), v -> pattern(name, v, false)));
        case "MATCH_anyEPC" -> matches.add(ids(name, raw, EnumSet.of(Field.EPC, Field.PARENT, Field.INPUT_EPC, Field.OUTPUT_EPC), v -> pattern(name, v, false)));
        case "MATCH_epcClass" -> matches.add(ids(name, raw, EnumSet.of(Field.EPC_CLASS), v -> pattern(name, v, true)));
        case "MATCH_inputEPCClass" -> matches.add(ids(name, raw, EnumSet.of(Field.INPUT_CLASS), v -> pattern(name, v, true)));
        case "MATCH_outputEPCClass" -> matches.add(ids(name, raw, EnumSet.of(Field.OUTPUT_CLASS), v -> pattern(name, v, true)));
        case "MATCH_anyEPCClass" -> matches.add(ids(name, raw, EnumSet.of(Field.EPC_CLASS, Field.INPUT_CLASS, Field.OUTPUT_CLASS), v -> pattern(name, v, true)));
        case "EQ_eventID" -> matches.add(ids(name, raw, EnumSet.of(Field.EVENT_ID), v -> EpcPattern.exactly(v.strip())));
        case "EXISTS_errorDeclaration" -> matches.add(new Match(name, EnumSet.of(Field.ERROR_DECLARATION), List.of(EpcPattern.exactly("true"))));
        case "GE_eventTime" -> times[0] = time(name, single(name, raw));
        case "LT_eventTime" -> times[1] = time(name, single(name, raw));
        case "GE_recordTime" -> times[2] = time(name, single(name, raw));
        case "LT_recordTime" -> times[3] = time(name, single(name, raw));
        case "orderBy" -> {
          ordered = true;
          order = switch (single(name, raw)) {
            case "eventTime" -> Order.EVENT_TIME;
            case "recordTime" -> Order.RECORD_TIME;
            default -> throw bad(name, "orders by eventTime or recordTime");
          };
        }
        case "orderDirection" -> descending = Optional.of(switch (single(name, raw)) {
          case "ASC" -> false;
          case "DESC" -> true;
          default -> throw bad(name, "is ASC or DESC");
        });
        case "perPage" -> perPage = (int) count(name, single(name, raw), Limits.PAGE_SIZE_MAX);
        case "eventCountLimit" -> countLimit = count(name, single(name, raw), Long.MAX_VALUE);
        case "nextPageToken" -> token = Optional.of(single(name, raw));
        default -> matches.add(typed(name, raw));
      }
    }
    String fingerprint = Hash32.sha256(fingerprinted.toString().getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
    Optional<PageToken> after = token.map(t -> PageToken.decode(t).filter(pt -> pt.fingerprint().equals(fingerprint))
        .orElseThrow(() -> bad("nextPageToken", "is not a token this node gave for this query (send the other parameters unchanged)")));
    // Without orderBy, results come oldest event first; with it, the standard's default is DESC.
    boolean desc = descending.orElse(ordered);
    return new EventQuery(matches, times[0], times[1], times[2], times[3], order, desc, perPage, countLimit, after, fingerprint);
  }

  /** EQ_bizTransaction_type, EQ_source_type, EQ_destination_type; anything else is unknown. */
  private static Match typed(String name, List<String> raw) {
    for (Map.Entry<String, Field> f : Map.of("EQ_bizTransaction_", Field.BIZ_TRANSACTION, "EQ_source_", Field.SOURCE, "EQ_destination_", Field.DESTINATION).entrySet()) {
      if (name.startsWith(f.getKey()) && name.length() > f.getKey().length()) {
        String type = Cbv.shortForm(name.substring(f.getKey().length()));
        return ids(name, raw, EnumSet.of(f.getValue()), v -> EpcPattern.exactly(type + IndexedEvent.SEPARATOR + urn(name, v)));
      }
    }
    throw bad(name, "is not a query parameter this node supports (QueryParameterException); see GET /openapi.json");
  }

  private static Match words(String name, List<String> raw, Field field, Function<String, String> normalise) {
    List<EpcPattern> values = new ArrayList<>();
    for (String v : raw) {
      for (String one : v.split("[|,]")) {
        if (!one.isBlank()) {
          values.add(EpcPattern.exactly(normalise.apply(one.strip())));
        }
      }
    }
    return nonEmpty(name, new Match(name, EnumSet.of(field), values));
  }

  private static Match ids(String name, List<String> raw, Set<Field> fields, Function<String, EpcPattern> read) {
    List<EpcPattern> values = new ArrayList<>();
    for (String v : raw) {
      for (String one : v.split("\\||,(?=urn:|https?://|ni:)")) {
        if (!one.isBlank()) {
          values.add(read.apply(one.strip()));
        }
      }
    }
    return nonEmpty(name, new Match(name, fields, values));
  }

  private static Match nonEmpty(String name, Match m) {
    if (m.patterns().isEmpty()) {
      throw bad(name, "needs at least one value");
    }
    return m;
  }

  private static String oneOf(String name, String v, Set<String> allowed) {
    if (!allowed.contains(v)) {
      throw bad(name, "'" + v + "' is not one of " + new TreeSet<>(allowed));
    }
    return v;
  }

  private static String urn(String name, String v) {
    try {
      return Identifiers.toUrn(v);
    } catch (IllegalArgumentException e) {
      throw bad(name, "'" + v + "' is a malformed GS1 identifier: " + e.getMessage());
    }
  }

  private static EpcPattern pattern(String name, String v, boolean classes) {
    try {
      return classes ? EpcPattern.classes(v) : EpcPattern.instances(v);
    } catch (IllegalArgumentException e) {
      throw bad(name, "'" + v + "': " + e.getMessage());
    }
  }

  private static String single(String name, List<String> raw) {
    if (raw.size() != 1) {
      throw bad(name, raw.isEmpty() ? "needs a value" : "is given more than once");
    }
    return raw.getFirst().strip();
  }

  /** An ISO 8601 time with offset; a '+' that arrived as a space (unencoded) is taken back. */
  private static long time(String name, String v) {
    String text = v.replace(' ', '+');
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw bad(name, "'" + v + "' is not an ISO 8601 time with offset, such as 2024-01-31T12:00:00Z");
    }
  }

  private static long count(String name, String v, long max) {
    try {
      long n = Long.parseLong(v);
      if (n < 1 || n > max) {
        throw bad(name, "must be from 1 to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw bad(name, "'" + v + "' is not a whole number");
    }
  }

  static Problem bad(String name, String detail) {
    return new Problem(400, CODE, name, name + " " + detail, false, 0);
  }
}
