package org.lazaret.dcc.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.Failure;
import org.lazaret.dcc.Fixtures;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.Verdict;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.encoding.DecodeException;
import org.lazaret.dcc.issue.TestSigners;

/** QR pictures: drawing and reading back an issued DCC, and pictures that hold no QR code. */
class QrCodesTest {

    @Test
    void aRenderedCertificateReadsBackAndVerifies() throws Exception {
        TestSigners.Signer signer = Fixtures.signer(41);
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), signer);
        byte[] png = QrCodes.render(text, 600);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(QrCodes.read(png)).isEqualTo(text);
        Verdict verdict = Verifier.verify(VerifyRequest.ofPicture(png, TrustList.of(signer.certificate()),
                Fixtures.ISSUED.plusSeconds(3600)));
        assertThat(verdict.valid()).as(verdict.toString()).isTrue();
        assertThat(verdict.text()).contains(text);
    }

    @Test
    void aBlankPictureHasNoQrCode() throws Exception {
        BufferedImage blank = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(blank, "png", out);
        assertThatThrownBy(() -> QrCodes.read(out.toByteArray())).isInstanceOf(DecodeException.class)
                .hasMessageContaining("no QR code");
        Verdict verdict = Verifier.verify(VerifyRequest.ofPicture(out.toByteArray(), TrustList.empty(),
                Fixtures.ISSUED));
        assertThat(verdict.failures()).containsExactly(Failure.PICTURE);
        assertThat(verdict.text()).isEmpty();
    }

    @Test
    void bytesThatAreNoPictureAreRejected() {
        assertThatThrownBy(() -> QrCodes.read(new byte[] {1, 2, 3})).hasMessageContaining("not in a readable image format");
        assertThatThrownBy(() -> QrCodes.read(new byte[0])).isInstanceOf(DecodeException.class);
    }

    @Test
    void aPictureDeclaringHugeDimensionsIsRejectedBeforeDecoding() throws Exception {
        byte[] png = QrCodes.render("HC1:X", 100);
        // Patch the IHDR width (bytes 16-19) to 100000 pixels; the CRC no longer matters to the size check.
        png[16] = 0;
        png[17] = 1;
        png[18] = (byte) 0x86;
        png[19] = (byte) 0xa0;
        assertThatThrownBy(() -> QrCodes.read(png)).isInstanceOf(DecodeException.class);
    }
}
