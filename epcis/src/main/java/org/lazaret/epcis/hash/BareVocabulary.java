package org.lazaret.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Step 16 of the hash algorithm: JSON carries standard vocabulary as bare words ("shipping",
 * "in_transit", "po", "Temperature"), the pre-hash string needs their Web URIs. The reference finds
 * them by JSON-LD expansion against the EPCIS 2.0 context, collects every expanded value that is a
 * CBV or GS1 Web Vocabulary URI, and then replaces each string anywhere in the document that is the
 * last segment (after '/' or '-') of exactly one of those URIs. This class does the same with the
 * context's vocabulary tables built in (no network, no JSON-LD engine): it expands the values of
 * the vocabulary-typed EPCIS properties, and CURIEs with the context's and the document's prefixes,
 * in the scopes where the context defines them. The collected set is sorted, so nothing depends on
 * hash-map order.
 */
final class BareVocabulary {
  private static final String CBV = "https://ref.gs1.org/cbv/";
  private static final String GS1 = "https://gs1.org/voc/";

  private enum Kind {
    ID,
    VOCAB,
    TYPE,
    LITERAL
  }

  /** What the EPCIS context says about one property: how its value expands and its scope. */
  private record Term(Kind kind, Map<String, String> words, String scope) {}

  private static final Map<String, String> BIZ_STEPS =
      words(
          CBV + "BizStep-",
          "accepting arriving assembling collecting commissioning consigning"
              + " creating_class_instance cycle_counting decommissioning departing destroying"
              + " disassembling dispensing encoding entering_exiting holding inspecting installing"
              + " killing loading other packing picking receiving removing repackaging repairing"
              + " replacing reserving retail_selling sampling sensor_reporting shipping"
              + " staging_outbound stock_taking stocking storing transporting unloading unpacking"
              + " void_shipping");
  private static final Map<String, String> DISPOSITIONS =
      words(
          CBV + "Disp-",
          "active available completeness_verified completeness_inferred conformant container_closed"
              + " container_open damaged destroyed dispensed disposed encoded expired in_progress"
              + " in_transit inactive mismatch_instance mismatch_class mismatch_quantity"
              + " needs_replacement no_pedigree_match non_conformant non_sellable_other"
              + " partially_dispensed recalled reserved retail_sold returned sellable_accessible"
              + " sellable_not_accessible stolen unavailable unknown");
  private static final Map<String, String> TRANSACTION_TYPES =
      words(
          CBV + "BTT-",
          "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt");
  private static final Map<String, String> PARTY_TYPES =
      words(CBV + "SDT-", "owning_party possessing_party location");
  private static final Map<String, String> MEASUREMENTS =
      words(
          GS1,
          "AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude"
              + " AmountOfSubstance AmountOfSubstancePerUnitVolume Angle AngularAcceleration"
              + " AngularMomentum AngularVelocity Area Capacitance Conductance Conductivity Count"
              + " Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity"
              + " ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength"
              + " Energy Exposure Force Frequency Illuminance Inductance Irradiance"
              + " KinematicViscosity Length LinearMomentum Luminance LuminousFlux LuminousIntensity"
              + " MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass MassConcentration"
              + " MassFlowRate MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy"
              + " MolarMass MolarVolume Power Pressure RadiantFlux RadiantIntensity"
              + " RelativeHumidity Resistance Resistivity SolidAngle SpecificVolume Speed"
              + " SurfaceDensity SurfaceTension Temperature Time Torque Voltage Volume"
              + " VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber");
  private static final Map<String, String> EXCEPTIONS =
      words(GS1, "ALARM_CONDITION ERROR_CONDITION");
  private static final Map<String, String> COMPONENTS =
      words(
          CBV + "Comp-",
          "x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting"
              + " northing latitude longitude altitude");
  private static final Map<String, String> ERROR_REASONS =
      words(CBV + "ER-", "did_not_occur incorrect_data");
  private static final Map<String, String> NONE = Map.of();

  private static final Map<String, String> BUILT_IN_PREFIXES =
      Map.of(
          "epcis",
          "https://ref.gs1.org/epcis/",
          "cbv",
          CBV,
          "cbvmda",
          "urn:epcglobal:cbv:mda:",
          "gs1",
          GS1,
          "rdfs",
          "http://www.w3.org/2000/01/rdf-schema#",
          "owl",
          "http://www.w3.org/2002/07/owl#",
          "xsd",
          "http://www.w3.org/2001/XMLSchema#",
          "dcterms",
          "http://purl.org/dc/terms/");

  /** Scope name to the terms it defines; "" is the top level of the EPCIS context. */
  private static final Map<String, Map<String, Term>> SCOPES =
      Map.of(
          "", topTerms(),
          "bizTransactionList", Map.of("bizTransaction", id(), "type", vocab(TRANSACTION_TYPES)),
          "sourceList", Map.of("source", id(), "type", vocab(PARTY_TYPES)),
          "destinationList", Map.of("destination", id(), "type", vocab(PARTY_TYPES)),
          "persistentDisposition", Map.of("set", vocab(NONE), "unset", vocab(NONE)),
          "sensorElementList",
              Map.of(
                  "deviceID",
                  id(),
                  "deviceMetadata",
                  id(),
                  "rawData",
                  id(),
                  "dataProcessingMethod",
                  id(),
                  "time",
                  literal(),
                  "type",
                  new Term(Kind.TYPE, NONE, null),
                  "sensorMetadata",
                  scoped("sensorMetadata"),
                  "sensorReport",
                  scoped("sensorReport")),
          "sensorMetadata", Map.of("startTime", literal(), "endTime", literal(), "bizRules", id()),
          "sensorReport", sensorReportTerms(),
          "errorDeclaration",
              Map.of(
                  "reason",
                  vocab(ERROR_REASONS),
                  "correctiveEventIDs",
                  id(),
                  "declarationTime",
                  literal()));

  private final Map<String, String> prefixes = new LinkedHashMap<>(BUILT_IN_PREFIXES);
  private final Map<String, String> documentTerms = new LinkedHashMap<>();
  private Optional<String> documentVocab = Optional.empty();
  private final TreeSet<String> expanded = new TreeSet<>();
  private String[] reversed;

  private BareVocabulary(JsonNode context) {
    for (JsonNode entry : context.isArray() ? context : List.of(context)) {
      if (!entry.isObject()) {
        continue;
      }
      entry
          .fields()
          .forEachRemaining(
              field -> {
                String iri =
                    field.getValue().isTextual()
                        ? field.getValue().textValue()
                        : field.getValue().path("@id").asText("");
                if (field.getKey().equals("@vocab")) {
                  documentVocab = Optional.of(iri);
                } else if (!field.getKey().startsWith("@") && !iri.isEmpty()) {
                  documentTerms.put(field.getKey(), iri);
                  if (field.getValue().isTextual() && endsWithGenDelim(iri)) {
                    prefixes.put(field.getKey(), iri);
                  }
                }
              });
    }
  }

  /** A copy of {@code document} with every bare vocabulary word replaced by its Web URI. */
  static JsonNode expand(ObjectNode document) {
    BareVocabulary vocabulary = new BareVocabulary(document.path("@context"));
    Deque<String> scopes = new ArrayDeque<>();
    scopes.push("");
    vocabulary.collect(document, scopes);
    return vocabulary.replace(document.deepCopy());
  }

  private void collect(JsonNode node, Deque<String> scopes) {
    if (node.isArray()) {
      node.forEach(element -> collect(element, scopes));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Optional<Term> term = resolve(field.getKey(), scopes);
      if (term.isEmpty()) {
        continue; // the key expands to nothing, so JSON-LD drops it with its whole value
      }
      if (term.get().scope() != null) {
        scopes.push(term.get().scope());
      }
      collectValue(field.getValue(), term.get(), scopes);
      if (term.get().scope() != null) {
        scopes.pop();
      }
    }
  }

  private void collectValue(JsonNode value, Term term, Deque<String> scopes) {
    if (value.isArray()) {
      value.forEach(element -> collectValue(element, term, scopes));
    } else if (value.isTextual()) {
      String iri =
          switch (term.kind()) {
            case ID -> compactIri(value.textValue());
            case VOCAB, TYPE -> vocabIri(value.textValue(), term.words(), scopes);
            case LITERAL -> value.textValue();
          };
      if (iri.startsWith("https://ref.gs1.org/cbv") || iri.startsWith("https://gs1.org/voc")) {
        expanded.add(iri);
      }
    } else if (value.isObject()) {
      collect(value, scopes);
    }
  }

  private Optional<Term> resolve(String key, Deque<String> scopes) {
    if (key.equals("@context")) {
      return Optional.empty();
    }
    if (key.equals("@id")) {
      return Optional.of(id());
    }
    if (key.equals("@type")) {
      return Optional.of(new Term(Kind.TYPE, NONE, null));
    }
    for (String scope : scopes) {
      Term term = SCOPES.get(scope).get(key);
      if (term != null) {
        return Optional.of(term);
      }
    }
    if (key.startsWith("@")
        || key.contains(":")
        || documentTerms.containsKey(key)
        || documentVocab.isPresent()) {
      return Optional.of(literal());
    }
    return Optional.empty();
  }

  private String vocabIri(String value, Map<String, String> words, Deque<String> scopes) {
    if (words.containsKey(value)) {
      return words.get(value);
    }
    if (scopes.contains("persistentDisposition") && DISPOSITIONS.containsKey(value)) {
      return DISPOSITIONS.get(value);
    }
    if (documentTerms.containsKey(value)) {
      return compactIri(documentTerms.get(value));
    }
    if (value.contains(":")) {
      return compactIri(value);
    }
    return documentVocab.map(vocab -> vocab + value).orElse(value);
  }

  private String compactIri(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0 || value.startsWith("//", colon + 1)) {
      return value;
    }
    String prefix = prefixes.get(value.substring(0, colon));
    return prefix == null ? value : prefix + value.substring(colon + 1);
  }

  private JsonNode replace(JsonNode node) {
    if (node.isTextual()) {
      return replacement(node.textValue()).<JsonNode>map(TextNode::valueOf).orElse(node);
    }
    if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, replace(array.get(i)));
      }
    } else if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> names = iterable(object);
      for (String name : names) {
        object.set(name, replace(object.get(name)));
      }
    }
    return node;
  }

  /**
   * The one collected URI that ends in "/word" or "-word"; none when zero or several do. The URIs
   * are kept reversed and sorted, so each lookup is a binary search for the reversed suffix rather
   * than a scan: a document with many strings and many URIs stays linear-logarithmic.
   */
  private Optional<String> replacement(String word) {
    if (reversed == null) {
      reversed = expanded.stream().map(BareVocabulary::reverse).sorted().toArray(String[]::new);
    }
    String reversedWord = reverse(word);
    List<String> matches = new ArrayList<>(2);
    for (char separator : new char[] {'-', '/'}) {
      String prefix = reversedWord + separator;
      int at = Arrays.binarySearch(reversed, prefix);
      for (int i = at >= 0 ? at : -at - 1; i < reversed.length && matches.size() < 2; i++) {
        if (!reversed[i].startsWith(prefix)) {
          break;
        }
        matches.add(reverse(reversed[i]));
      }
    }
    return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
  }

  private static String reverse(String text) {
    return new StringBuilder(text).reverse().toString();
  }

  private static List<String> iterable(ObjectNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static boolean endsWithGenDelim(String iri) {
    return !iri.isEmpty() && ":/?#[]@".indexOf(iri.charAt(iri.length() - 1)) >= 0;
  }

  private static Map<String, Term> topTerms() {
    Map<String, Term> terms = new LinkedHashMap<>();
    for (String name :
        List.of(
            "id",
            "certificationInfo",
            "bizLocation",
            "readPoint",
            "transformationID",
            "epcList",
            "epcClass",
            "parentID",
            "childEPCs",
            "inputEPCList",
            "outputEPCList",
            "eventID",
            "member",
            "children")) {
      terms.put(name, id());
    }
    terms.put("type", new Term(Kind.TYPE, NONE, null));
    terms.put("bizStep", vocab(BIZ_STEPS));
    terms.put("disposition", vocab(DISPOSITIONS));
    for (String name :
        List.of(
            "sourceList",
            "destinationList",
            "persistentDisposition",
            "bizTransactionList",
            "sensorElementList",
            "errorDeclaration")) {
      terms.put(name, scoped(name));
    }
    for (String name :
        List.of(
            "eventTime",
            "recordTime",
            "eventTimeZoneOffset",
            "action",
            "quantity",
            "uom",
            "quantityList",
            "childQuantityList",
            "inputQuantityList",
            "outputQuantityList",
            "creationDate",
            "sender",
            "receiver",
            "instanceIdentifier",
            "schemaVersion",
            "ilmd",
            "epcisHeader",
            "masterData",
            "vocabularyList",
            "epcisBody",
            "queryResults",
            "subscriptionID",
            "queryName",
            "resultsBody",
            "eventList",
            "baseURL")) {
      terms.put(name, literal());
    }
    for (String name : BUILT_IN_PREFIXES.keySet()) {
      terms.put(name, literal());
    }
    return Map.copyOf(terms);
  }

  private static Map<String, Term> sensorReportTerms() {
    Map<String, Term> terms = new LinkedHashMap<>();
    terms.put("type", vocab(MEASUREMENTS));
    terms.put("exception", vocab(EXCEPTIONS));
    terms.put("component", vocab(COMPONENTS));
    for (String name :
        List.of("coordinateReferenceSystem", "microorganism", "chemicalSubstance", "uriValue")) {
      terms.put(name, id());
    }
    for (String name :
        List.of(
            "time",
            "value",
            "stringValue",
            "booleanValue",
            "hexBinaryValue",
            "minValue",
            "maxValue",
            "meanValue",
            "sDev",
            "percRank",
            "percValue")) {
      terms.put(name, literal());
    }
    return Map.copyOf(terms);
  }

  private static Term id() {
    return new Term(Kind.ID, NONE, null);
  }

  private static Term literal() {
    return new Term(Kind.LITERAL, NONE, null);
  }

  private static Term vocab(Map<String, String> words) {
    return new Term(Kind.VOCAB, words, null);
  }

  private static Term scoped(String scope) {
    return new Term(Kind.LITERAL, NONE, scope);
  }

  private static Map<String, String> words(String base, String names) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : names.split(" ")) {
      map.put(name, base + name);
    }
    return Map.copyOf(map);
  }
}
