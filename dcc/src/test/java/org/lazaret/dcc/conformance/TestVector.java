package org.lazaret.dcc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.TrustListException;

/** One EU DCC test vector (dgc-testdata format) read from the test resources. */
record TestVector(String name, Path file, JsonNode json) {
    static final String ROOT = "eu-dcc-testdata";

    static List<TestVector> all() {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            List<TestVector> vectors = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = root.relativize(file).toString().replace("/2DCode/raw/", "/").replace(".json", "");
                vectors.add(new TestVector(name, file, DccJson.mapper().readTree(Files.readString(file))));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path root() {
        URL url = TestVector.class.getClassLoader().getResource(ROOT);
        if (url == null) {
            throw new IllegalStateException("test resource folder " + ROOT + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<String> field(String key) {
        JsonNode node = json.path(key);
        return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    Optional<JsonNode> payloadJson() {
        JsonNode node = json.path("JSON");
        return node.isObject() ? Optional.of(node) : Optional.empty();
    }

    Optional<Boolean> expected(String key) {
        JsonNode node = json.path("EXPECTEDRESULTS").path(key);
        return node.isBoolean() ? Optional.of(node.booleanValue()) : Optional.empty();
    }

    Instant clock() {
        return OffsetDateTime.parse(json.path("TESTCTX").path("VALIDATIONCLOCK").textValue()).toInstant();
    }

    TrustList trustList() throws TrustListException {
        byte[] der = Base64.getDecoder().decode(json.path("TESTCTX").path("CERTIFICATE").textValue());
        return TrustList.parse(der, name + " TESTCTX.CERTIFICATE");
    }

    Optional<byte[]> picture() {
        return field("2DCODE").map(png -> Base64.getMimeDecoder().decode(png));
    }

    @Override
    public String toString() {
        return name;
    }
}
