package org.lazaret.dcc.cose;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.dcc.Bytes;

/**
 * A decoded COSE_Sign1 message (RFC 9052 section 4.2). The protected header is kept as the exact
 * bytes received, because the signature covers those bytes, not a re-encoding of them.
 */
public record CoseSign1(Bytes protectedBytes, CoseHeaders protectedHeaders, CoseHeaders unprotectedHeaders,
        Bytes payload, Bytes signature) {
    private static final byte[] CONTEXT = "Signature1".getBytes(StandardCharsets.US_ASCII);

    public CoseSign1 {
        Objects.requireNonNull(protectedBytes, "protectedBytes");
        Objects.requireNonNull(protectedHeaders, "protectedHeaders");
        Objects.requireNonNull(unprotectedHeaders, "unprotectedHeaders");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * The key identifier: the protected one when present, as the DCC specification requires,
     * else the unprotected one (which some issuers used). A wrong protected kid is never
     * overridden by a right unprotected one.
     */
    public Optional<Bytes> kid() {
        return protectedHeaders.kid().or(unprotectedHeaders::kid);
    }

    /** The alg header parameter, protected first. */
    public Optional<Long> algorithm() {
        return protectedHeaders.algorithm().or(unprotectedHeaders::algorithm);
    }

    /** The CBOR encoding of Sig_structure = ["Signature1", protected, external_aad = h'', payload]. */
    public byte[] toBeSigned() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length() + protectedBytes.length() + 32);
        out.write(0x84);
        out.write(0x60 | CONTEXT.length);
        out.writeBytes(CONTEXT);
        writeByteString(out, protectedBytes.toArray());
        out.write(0x40);
        writeByteString(out, payload.toArray());
        return out.toByteArray();
    }

    static void writeByteString(ByteArrayOutputStream out, byte[] bytes) {
        int n = bytes.length;
        if (n < 24) {
            out.write(0x40 | n);
        } else if (n < 0x100) {
            out.write(0x58);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x59);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x5a);
            out.write(n >>> 24);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(bytes);
    }
}
