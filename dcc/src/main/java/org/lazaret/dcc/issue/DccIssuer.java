package org.lazaret.dcc.issue;

import com.upokecenter.cbor.CBORObject;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.lazaret.dcc.Kid;
import org.lazaret.dcc.cose.CborJson;
import org.lazaret.dcc.cose.CoseAlgorithm;
import org.lazaret.dcc.encoding.Base45;
import org.lazaret.dcc.encoding.Hc1Prefix;
import org.lazaret.dcc.encoding.Zlib;
import org.lazaret.dcc.signature.CoseSignatures;

/**
 * Issues a DCC: CWT claims {1: iss, 4: exp, 6: iat, -260: {1: DCC}} signed as a tagged
 * COSE_Sign1 with alg and kid in the protected header (ES256 for an EC key, PS256 for RSA),
 * then zlib, base45 and the {@code HC1:} prefix — exactly the pipeline the verifier undoes.
 */
public final class DccIssuer {
    private static final int TAG_COSE_SIGN1 = 18;

    private DccIssuer() {}

    /** The QR text ({@code HC1:...}) of a newly signed DCC. */
    public static String issue(IssueRequest request) throws GeneralSecurityException {
        return Hc1Prefix.add(Base45.encode(Zlib.deflate(coseSign1(request))));
    }

    /** The signed, uncompressed COSE_Sign1 message. */
    public static byte[] coseSign1(IssueRequest request) throws GeneralSecurityException {
        CoseAlgorithm algorithm;
        int fieldBytes = 0;
        if (request.certificate().getPublicKey() instanceof ECPublicKey ecKey) {
            algorithm = CoseAlgorithm.ES256;
            fieldBytes = CoseSignatures.fieldBytes(ecKey);
        } else if (request.certificate().getPublicKey() instanceof RSAPublicKey) {
            algorithm = CoseAlgorithm.PS256;
        } else {
            throw new GeneralSecurityException("signer key " + request.certificate().getPublicKey().getAlgorithm()
                    + " is neither EC (ES256) nor RSA (PS256)");
        }
        CBORObject protectedHeader = CBORObject.NewMap()
                .Add(1, algorithm.id())
                .Add(4, Kid.of(request.certificate()).value().toArray());
        byte[] protectedBytes = protectedHeader.EncodeToBytes();
        byte[] payload = claims(request).EncodeToBytes();
        byte[] toBeSigned = CBORObject.NewArray()
                .Add("Signature1")
                .Add(protectedBytes)
                .Add(new byte[0])
                .Add(payload)
                .EncodeToBytes();
        byte[] signature = CoseSignatures.sign(algorithm, request.privateKey(), fieldBytes, toBeSigned);
        CBORObject message = CBORObject.NewArray()
                .Add(protectedBytes)
                .Add(CBORObject.NewMap())
                .Add(payload)
                .Add(signature);
        return CBORObject.FromObjectAndTag(message, TAG_COSE_SIGN1).EncodeToBytes();
    }

    private static CBORObject claims(IssueRequest request) {
        CBORObject hcert = CBORObject.NewMap().Add(1, CborJson.fromJson(request.dcc()));
        return CBORObject.NewMap()
                .Add(1, request.issuerCountry())
                .Add(4, request.expiresAt().getEpochSecond())
                .Add(6, request.issuedAt().getEpochSecond())
                .Add(-260, hcert);
    }
}
