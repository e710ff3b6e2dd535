package org.lazaret.dcc.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.qr.QrCodes;

/**
 * The member states' QR pictures ({@code <CC>/png/N.png} or {@code <CC>/2DCode/png/N.png}) read
 * back as exactly the PREFIX text of the raw test vector with the same number.
 */
class CountryPngTest {

    static List<Path> pictures() throws IOException {
        try (Stream<Path> files = Files.walk(TestVector.root())) {
            return files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pictures")
    void pictureReadsAsThePrefixTextOfItsVector(Path picture) throws Exception {
        Path country = picture.getParent().getFileName().toString().equals("png")
                && picture.getParent().getParent().getFileName().toString().equals("2DCode")
                ? picture.getParent().getParent()
                : picture.getParent().getParent().resolve("2DCode");
        Path raw = country.resolve("raw").resolve(picture.getFileName().toString().replace(".png", ".json"));
        assertThat(raw).exists();
        String prefix = DccJson.mapper().readTree(Files.readString(raw)).path("PREFIX").textValue();
        assertThat(QrCodes.read(Files.readAllBytes(picture))).isEqualTo(prefix);
    }

    @org.junit.jupiter.api.Test
    void allSixteenPicturesAreThere() throws IOException {
        assertThat(pictures()).hasSize(16);
    }
}
