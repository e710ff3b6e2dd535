package org.lazaret.dcc.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lazaret.dcc.Failure;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.Verdict;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.cose.CborJson;
import org.lazaret.dcc.encoding.Base45;
import org.lazaret.dcc.encoding.DecodeException;
import org.lazaret.dcc.encoding.Zlib;
import org.lazaret.dcc.schema.DccSchema;

/**
 * Runs every EU DCC test vector (eu-digital-green-certificates/dgc-testdata) through the
 * verifier. Goal: each EXPECTED* entry a vector carries must agree with the verdict on the
 * vector's PREFIX text (or its 2DCODE picture), judged at TESTCTX.VALIDATIONCLOCK with
 * TESTCTX.CERTIFICATE as the only trusted key. Where the vector also carries the intermediate
 * fields, the component decoders are checked against them as the repository README defines.
 */
class VectorConformanceTest {
    /** The EXPECTEDRESULTS keys this test checks; any other key (e.g. ES's typo EXPTECTEDEXPIRED) is ignored. */
    static final Set<String> CHECKED = Set.of("EXPECTEDVERIFY", "EXPECTEDEXPIRATIONCHECK", "EXPECTEDKEYUSAGE",
            "EXPECTEDB45DECODE", "EXPECTEDUNPREFIX", "EXPECTEDCOMPRESSION", "EXPECTEDPICTUREDECODE",
            "EXPECTEDSCHEMAVALIDATION", "EXPECTEDDECODE", "EXPECTEDVALIDJSON", "EXPECTEDVALIDOBJECT", "EXPECTEDENCODE");

    static List<TestVector> vectors() {
        return TestVector.all();
    }

    @Test
    void everyFolderOfTheDataSetIsPresent() {
        assertThat(vectors()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(vectors()).extracting(v -> v.name().substring(0, v.name().indexOf('/')))
                .contains("AT", "DE", "DK", "ES", "SE", "common");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verdictMatchesEveryExpectedResult(TestVector vector) throws Exception {
        List<String> mismatches = check(vector);
        assertThat(mismatches).as(vector.name()).isEmpty();
    }

    static List<String> check(TestVector vector) throws Exception {
        TrustList trust = vector.trustList();
        Verdict verdict = Verifier.verify(VectorConformanceTest.request(vector, trust));
        List<String> mismatches = new ArrayList<>();
        Set<Failure> failures = Set.copyOf(verdict.failures());
        String seen = " (verdict " + verdict + ")";

        expect(vector, "EXPECTEDUNPREFIX", mismatches, seen, () -> !failures.contains(Failure.PREFIX)
                && vector.field("BASE45").map(b45 -> vector.field("PREFIX").orElseThrow().equals("HC1:" + b45))
                        .orElse(true));
        expect(vector, "EXPECTEDB45DECODE", mismatches, seen, () -> !failures.contains(Failure.BASE45)
                && componentMatches(vector, "BASE45", "COMPRESSED", b45 -> Base45.decode(b45)));
        expect(vector, "EXPECTEDCOMPRESSION", mismatches, seen, () -> !failures.contains(Failure.COMPRESSION)
                && componentMatches(vector, "COMPRESSED", "COSE", hex -> Zlib.inflate(HexFormat.of().parseHex(hex))));
        expect(vector, "EXPECTEDDECODE", mismatches, seen, () -> !failures.contains(Failure.COSE)
                && verdict.payload().isPresent() && cborMatches(vector, verdict.payload().get()));
        expect(vector, "EXPECTEDVERIFY", mismatches, seen,
                () -> !failures.contains(Failure.SIGNATURE) && !failures.contains(Failure.UNKNOWN_KEY));
        expect(vector, "EXPECTEDKEYUSAGE", mismatches, seen, () -> !failures.contains(Failure.KEY_USAGE));
        expect(vector, "EXPECTEDEXPIRATIONCHECK", mismatches, seen,
                () -> !failures.contains(Failure.EXPIRED) && !failures.contains(Failure.NOT_YET_VALID));
        expect(vector, "EXPECTEDSCHEMAVALIDATION", mismatches, seen,
                () -> verdict.payload().isPresent() && !failures.contains(Failure.SCHEMA));
        expect(vector, "EXPECTEDVALIDJSON", mismatches, seen, () -> verdict.payload().isPresent()
                && vector.payloadJson().map(json -> sameJson(json, verdict.payload().get())).orElse(true));
        expect(vector, "EXPECTEDVALIDOBJECT", mismatches, seen,
                () -> vector.payloadJson().map(json -> DccSchema.validate(json).isEmpty()).orElse(false));
        expect(vector, "EXPECTEDENCODE", mismatches, seen, () -> cborMatches(vector, vector.payloadJson().orElseThrow()));
        if (vector.expected("EXPECTEDPICTUREDECODE").isPresent() && vector.picture().isPresent()) {
            Verdict fromPicture = Verifier.verify(VerifyRequest.ofPicture(vector.picture().get(), trust, vector.clock()));
            boolean read = !fromPicture.failures().contains(Failure.PICTURE)
                    && fromPicture.text().equals(vector.field("PREFIX"));
            if (read != vector.expected("EXPECTEDPICTUREDECODE").get()) {
                mismatches.add("EXPECTEDPICTUREDECODE=" + vector.expected("EXPECTEDPICTUREDECODE").get()
                        + " but picture verdict " + fromPicture + " text " + fromPicture.text());
            }
        }
        return mismatches;
    }

    static VerifyRequest request(TestVector vector, TrustList trust) {
        return VerifyRequest.ofText(vector.field("PREFIX").orElseThrow(), trust, vector.clock());
    }

    interface Decoder {
        byte[] decode(String input) throws DecodeException;
    }

    /** The step succeeds on the vector's own input field and, when present, yields its output field. */
    static boolean componentMatches(TestVector vector, String inputKey, String outputHexKey, Decoder decoder) {
        Optional<String> input = vector.field(inputKey);
        if (input.isEmpty()) {
            return true;
        }
        try {
            byte[] output = decoder.decode(input.get());
            return vector.field(outputHexKey).map(hex -> HexFormat.of().formatHex(output).equalsIgnoreCase(hex))
                    .orElse(true);
        } catch (DecodeException e) {
            return false;
        }
    }

    /**
     * The vector's CBOR field decodes to the same JSON (decode both, compare; map order is free).
     * The field holds either the DCC map or the whole CWT claims map; both are accepted.
     */
    static boolean cborMatches(TestVector vector, JsonNode json) {
        Optional<String> cbor = vector.field("CBOR");
        if (cbor.isEmpty()) {
            return true;
        }
        try {
            JsonNode decoded = CborJson.decode(HexFormat.of().parseHex(cbor.get()));
            // Some issuers (DE, ES 101/103) put the whole CWT claims map here rather than the DCC alone.
            JsonNode dcc = decoded.path("-260").path("1").isObject() ? decoded.path("-260").path("1") : decoded;
            return sameJson(dcc, json);
        } catch (DecodeException e) {
            return false;
        }
    }

    /** JSON equality with numbers compared by value (1 equals 1.0), objects by key set. */
    static boolean sameJson(JsonNode a, JsonNode b) {
        Comparator<JsonNode> numbersByValue = (x, y) -> x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1;
        return a.equals(numbersByValue, b);
    }

    private static void expect(TestVector vector, String key, List<String> mismatches, String seen,
            BooleanSupplier outcome) {
        Optional<Boolean> expected = vector.expected(key);
        if (expected.isEmpty()) {
            return;
        }
        boolean actual = outcome.getAsBoolean();
        if (actual != expected.get()) {
            mismatches.add(key + "=" + expected.get() + " but the outcome was " + actual + seen);
        }
    }
}
