package org.lazaret.dcc.encoding;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The zlib (RFC 1950) layer of the DCC. Inflation is bounded, because a few hundred bytes of
 * QR code can otherwise expand into gigabytes (a zip bomb); the stream must have a zlib header,
 * be complete, and carry nothing after its end.
 */
public final class Zlib {
    /** Ceiling on the inflated COSE message; a real DCC is under 2 KiB. */
    public static final int INFLATED_BYTES_MAX = 64 * 1024;
    private static final int IDLE_ROUNDS_MAX = 16;

    private Zlib() {}

    public static byte[] inflate(byte[] compressed) throws DecodeException {
        return inflate(compressed, INFLATED_BYTES_MAX);
    }

    public static byte[] inflate(byte[] compressed, int inflatedBytesMax) throws DecodeException {
        if (compressed.length < 2 || (compressed[0] & 0x0f) != 8
                || (((compressed[0] & 0xff) << 8) | (compressed[1] & 0xff)) % 31 != 0) {
            throw new DecodeException("no zlib header (expected 0x78.. with deflate method and check bits)");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(inflatedBytesMax, compressed.length * 4));
            byte[] buffer = new byte[4096];
            int idleRounds = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished()) {
                    if (inflater.needsDictionary()) {
                        throw new DecodeException("zlib stream needs a preset dictionary");
                    }
                    if (inflater.needsInput()) {
                        throw new DecodeException("zlib stream truncated after " + out.size() + " inflated bytes");
                    }
                    if (++idleRounds > IDLE_ROUNDS_MAX) {
                        throw new DecodeException("zlib stream makes no progress after " + out.size() + " bytes");
                    }
                } else {
                    idleRounds = 0;
                }
                if (out.size() + n > inflatedBytesMax) {
                    throw new DecodeException("zlib stream inflates beyond " + inflatedBytesMax + " bytes");
                }
                out.write(buffer, 0, n);
            }
            if (inflater.getRemaining() > 0) {
                throw new DecodeException(inflater.getRemaining() + " bytes after the end of the zlib stream");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new DecodeException("corrupt zlib stream: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    public static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
