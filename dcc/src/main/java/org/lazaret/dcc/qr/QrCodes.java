package org.lazaret.dcc.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.lazaret.dcc.encoding.DecodeException;

/**
 * Reads and draws the QR codes of DCCs with ZXing. Reading is guarded against hostile pictures:
 * the PNG's size and pixel dimensions are checked before any pixel is decoded, so a small file
 * declaring a huge image cannot exhaust memory. Drawing uses error correction level Q, as the
 * DCC specification recommends, and alphanumeric mode, which base45 text fits exactly.
 */
public final class QrCodes {
    public static final int PNG_BYTES_MAX = 8 * 1024 * 1024;
    public static final int PIXELS_SIDE_MAX = 8192;
    public static final int PIXELS_MAX = 16_000_000;

    private QrCodes() {}

    /** The text of the QR code in a PNG (or other ImageIO-readable) picture. */
    public static String read(byte[] picture) throws DecodeException {
        if (picture.length > PNG_BYTES_MAX) {
            throw new DecodeException("picture is " + picture.length + " bytes, more than " + PNG_BYTES_MAX);
        }
        BufferedImage image = image(picture);
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(BarcodeFormat.QR_CODE));
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        // The detector occasionally misses a code that is plainly there; a clean rendering is then
        // read as a pure barcode, and a photo with uneven light through the global binarizer.
        ReaderException last = null;
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                Map<DecodeHintType, Object> h = new EnumMap<>(hints);
                if (attempt == 1) {
                    h.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
                }
                var source = new BufferedImageLuminanceSource(image);
                BinaryBitmap bitmap = new BinaryBitmap(attempt == 2 ? new com.google.zxing.common.GlobalHistogramBinarizer(source) : new HybridBinarizer(source));
                try {
                    return new QRCodeReader().decode(bitmap, h).getText();
                } catch (ReaderException e) {
                    last = e;
                }
            }
            throw last;
        } catch (NotFoundException e) {
            throw new DecodeException("no QR code found in the picture");
        } catch (ReaderException e) {
            throw new DecodeException("QR code in the picture cannot be decoded: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            throw new DecodeException("QR code in the picture cannot be decoded: " + e);
        }
    }

    private static BufferedImage image(byte[] picture) throws DecodeException {
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(picture))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new DecodeException("picture is not in a readable image format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || width > PIXELS_SIDE_MAX || height > PIXELS_SIDE_MAX
                        || (long) width * height > PIXELS_MAX) {
                    throw new DecodeException("picture is " + width + "x" + height + " pixels, beyond the limit");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new DecodeException("picture cannot be read: " + e.getMessage());
        }
    }

    /** A PNG of the QR code of {@code text}: error correction Q, quiet zone of 4 modules. */
    public static byte[] render(String text, int sidePixels) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.Q);
        hints.put(EncodeHintType.MARGIN, 4);
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, sidePixels, sidePixels, hints);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("text of " + text.length() + " characters does not fit a QR code: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG could not be written to memory", e);
        }
    }
}
