package org.lazaret.dcc.signature;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.lazaret.dcc.cose.CoseAlgorithm;

/**
 * Verifies and creates COSE signatures. COSE carries ECDSA signatures as raw r||s (each the
 * curve's field size, big-endian): verification reads r and s from it for BouncyCastle's ECDSA
 * on a prepared key (see {@link VerificationKey}); signing uses the JDK, whose ASN.1 DER output
 * is converted to r||s. RSASSA-PSS runs in the JDK with MGF1 over the same digest and a salt as
 * long as the digest (32 bytes for PS256), as RFC 8230 prescribes.
 */
public final class CoseSignatures {
    private CoseSignatures() {}

    public static SignatureCheck verify(CoseAlgorithm algorithm, VerificationKey key, byte[] toBeSigned,
            byte[] signature) {
        return switch (algorithm.family()) {
            case ECDSA -> key instanceof VerificationKey.EcKey ecKey
                    ? verifyEcdsa(algorithm, ecKey, toBeSigned, signature)
                    : new SignatureCheck.Invalid(algorithm + " needs an EC key, the signer has " + describe(key));
            case RSA_PSS -> key instanceof VerificationKey.RsaKey rsaKey
                    ? verifyPss(algorithm, rsaKey.key(), toBeSigned, signature)
                    : new SignatureCheck.Invalid(algorithm + " needs an RSA key, the signer has " + describe(key));
        };
    }

    /** Convenience for one-off checks; verifiers with a trust list use the prepared key. */
    public static SignatureCheck verify(CoseAlgorithm algorithm, PublicKey key, byte[] toBeSigned, byte[] signature) {
        return verify(algorithm, VerificationKey.of(key), toBeSigned, signature);
    }

    private static String describe(VerificationKey key) {
        return switch (key) {
            case VerificationKey.EcKey ec -> "an EC key";
            case VerificationKey.RsaKey rsa -> "an RSA key";
            case VerificationKey.UnusableKey unusable -> "a " + unusable.algorithm() + " key";
        };
    }

    /** ECDSA with BouncyCastle on r and s read from the raw COSE form; the digest comes from the JDK. */
    private static SignatureCheck verifyEcdsa(CoseAlgorithm algorithm, VerificationKey.EcKey key, byte[] toBeSigned,
            byte[] signature) {
        int fieldBytes = key.fieldBytes();
        if (signature.length != 2 * fieldBytes) {
            return new SignatureCheck.Invalid("ECDSA signature is " + signature.length + " bytes, expected r||s of "
                    + 2 * fieldBytes + " for the signer's curve");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, fieldBytes));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, fieldBytes, signature.length));
        byte[] digest;
        try {
            digest = MessageDigest.getInstance(algorithm.digest()).digest(toBeSigned);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm.digest(), e);
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key.parameters());
        return verifier.verifySignature(digest, r, s)
                ? new SignatureCheck.Valid()
                : new SignatureCheck.Invalid("ECDSA signature does not verify with the signer's key");
    }

    private static SignatureCheck verifyPss(CoseAlgorithm algorithm, RSAPublicKey rsaKey, byte[] toBeSigned,
            byte[] signature) {
        int modulusBytes = (rsaKey.getModulus().bitLength() + 7) / 8;
        if (signature.length != modulusBytes) {
            return new SignatureCheck.Invalid("RSA-PSS signature is " + signature.length + " bytes, expected "
                    + modulusBytes);
        }
        try {
            Signature verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(pssParameters(algorithm));
            verifier.initVerify(rsaKey);
            verifier.update(toBeSigned);
            return verifier.verify(signature)
                    ? new SignatureCheck.Valid()
                    : new SignatureCheck.Invalid("RSA-PSS signature does not verify with the signer's key");
        } catch (GeneralSecurityException e) {
            return new SignatureCheck.Invalid("RSA-PSS verification failed: " + e.getMessage());
        }
    }

    static PSSParameterSpec pssParameters(CoseAlgorithm algorithm) throws InvalidAlgorithmParameterException {
        return new PSSParameterSpec(algorithm.digest(), "MGF1", new MGF1ParameterSpec(algorithm.digest()),
                algorithm.digestBytes(), PSSParameterSpec.TRAILER_FIELD_BC);
    }

    public static int fieldBytes(ECPublicKey key) {
        return (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    }

    /** COSE r||s to ASN.1 DER SEQUENCE { INTEGER r, INTEGER s }. */
    public static byte[] rawToDer(byte[] raw) {
        int half = raw.length / 2;
        byte[] r = integer(Arrays.copyOfRange(raw, 0, half));
        byte[] s = integer(Arrays.copyOfRange(raw, half, raw.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 9);
        out.write(0x30);
        writeLength(out, r.length + s.length);
        out.writeBytes(r);
        out.writeBytes(s);
        return out.toByteArray();
    }

    /** ASN.1 DER ECDSA signature to COSE r||s, each padded to {@code fieldBytes}. */
    public static byte[] derToRaw(byte[] der, int fieldBytes) {
        int offset = 2;
        if ((der[1] & 0xff) == 0x81) {
            offset = 3;
        }
        int rLength = der[offset + 1];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength));
        int sOffset = offset + 2 + rLength;
        int sLength = der[sOffset + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, sOffset + 2, sOffset + 2 + sLength));
        byte[] raw = new byte[2 * fieldBytes];
        copyUnsigned(r, raw, 0, fieldBytes);
        copyUnsigned(s, raw, fieldBytes, fieldBytes);
        return raw;
    }

    private static void copyUnsigned(BigInteger value, byte[] target, int offset, int length) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > length ? bytes.length - length : 0;
        int count = bytes.length - start;
        System.arraycopy(bytes, start, target, offset + length - count, count);
    }

    private static byte[] integer(byte[] unsigned) {
        int start = 0;
        while (start < unsigned.length - 1 && unsigned[start] == 0) {
            start++;
        }
        boolean pad = (unsigned[start] & 0x80) != 0;
        int length = unsigned.length - start + (pad ? 1 : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 4);
        out.write(0x02);
        writeLength(out, length);
        if (pad) {
            out.write(0);
        }
        out.write(unsigned, start, unsigned.length - start);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
    }

    /** Signs for issuing: returns the COSE form (r||s for ECDSA, the PSS bytes as they are). */
    public static byte[] sign(CoseAlgorithm algorithm, java.security.PrivateKey key, int ecFieldBytes,
            byte[] toBeSigned) throws GeneralSecurityException {
        return switch (algorithm.family()) {
            case ECDSA -> {
                Signature signer = Signature.getInstance(algorithm.digest().replace("-", "") + "withECDSA");
                signer.initSign(key);
                signer.update(toBeSigned);
                yield derToRaw(signer.sign(), ecFieldBytes);
            }
            case RSA_PSS -> {
                Signature signer = Signature.getInstance("RSASSA-PSS");
                signer.setParameter(pssParameters(algorithm));
                signer.initSign(key);
                signer.update(toBeSigned);
                yield signer.sign();
            }
        };
    }
}
