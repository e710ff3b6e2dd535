package org.lazaret.dcc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORObject;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.lazaret.dcc.cose.CborJson;
import org.lazaret.dcc.cose.CoseAlgorithm;
import org.lazaret.dcc.encoding.Base45;
import org.lazaret.dcc.encoding.Hc1Prefix;
import org.lazaret.dcc.encoding.Zlib;
import org.lazaret.dcc.issue.DccIssuer;
import org.lazaret.dcc.issue.IssueRequest;
import org.lazaret.dcc.issue.TestSigners;
import org.lazaret.dcc.signature.CoseSignatures;

/** Seeded signers and sample DCC payloads shared by the verifier tests. */
public final class Fixtures {
    public static final Instant ISSUED = Instant.parse("2021-06-01T08:00:00Z");
    public static final Instant EXPIRES = ISSUED.plus(365, ChronoUnit.DAYS);
    public static final Instant SIGNER_FROM = Instant.parse("2021-01-01T00:00:00Z");
    public static final Instant SIGNER_TO = Instant.parse("2023-01-01T00:00:00Z");

    private Fixtures() {}

    public static SecureRandom random(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestSigners.Signer signer(long seed, Set<CertificateType> usage) {
        try {
            return TestSigners.ecP256("Lazaret test DSC " + seed, SIGNER_FROM, SIGNER_TO, usage, random(seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestSigners.Signer signer(long seed) {
        return signer(seed, Set.of());
    }

    public static ObjectNode person() {
        ObjectNode dcc = DccJson.nodes().objectNode();
        dcc.put("ver", "1.3.0");
        dcc.putObject("nam").put("fn", "Musterfrau").put("fnt", "MUSTERFRAU").put("gn", "Erika").put("gnt", "ERIKA");
        dcc.put("dob", "1964-08-12");
        return dcc;
    }

    public static ObjectNode vaccination(int dose, int series, String date) {
        ObjectNode dcc = person();
        dcc.putArray("v").addObject().put("tg", "840539006").put("vp", "1119349007").put("mp", "EU/1/20/1528")
                .put("ma", "ORG-100030215").put("dn", dose).put("sd", series).put("dt", date).put("co", "DE")
                .put("is", "Robert Koch-Institut").put("ci", "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W");
        return dcc;
    }

    public static ObjectNode test(String sampled, String result) {
        ObjectNode dcc = person();
        dcc.putArray("t").addObject().put("tg", "840539006").put("tt", "LP6464-4").put("nm", "Roche LightCycler qPCR")
                .put("sc", sampled).put("tr", result).put("tc", "Testzentrum Köln Hbf").put("co", "DE")
                .put("is", "Robert Koch-Institut").put("ci", "URN:UVCI:01DE/IZ12345A/TEST000000001#Q");
        return dcc;
    }

    public static ObjectNode recovery(String firstPositive) {
        ObjectNode dcc = person();
        dcc.putArray("r").addObject().put("tg", "840539006").put("fr", firstPositive).put("co", "DE")
                .put("is", "Robert Koch-Institut").put("df", firstPositive).put("du", "2022-12-31")
                .put("ci", "URN:UVCI:01DE/IZ12345A/RECOVERY00001#K");
        return dcc;
    }

    public static String issue(JsonNode dcc, TestSigners.Signer signer) {
        return issue(dcc, signer, ISSUED, EXPIRES);
    }

    public static String issue(JsonNode dcc, TestSigners.Signer signer, Instant issued, Instant expires) {
        try {
            return DccIssuer.issue(new IssueRequest(dcc, "DE", issued, expires, signer.privateKey(),
                    signer.certificate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A hand-built ES256 DCC, for shapes the issuer never produces: headers and claims as given
     * (null leaves a claim or header out), signed by {@code signer}.
     */
    public static String custom(CBORObject protectedHeader, CBORObject unprotectedHeader, CBORObject claims,
            TestSigners.Signer signer) {
        try {
            byte[] protectedBytes = protectedHeader == null ? new byte[0] : protectedHeader.EncodeToBytes();
            byte[] payload = claims.EncodeToBytes();
            byte[] toBeSigned = CBORObject.NewArray().Add("Signature1").Add(protectedBytes).Add(new byte[0])
                    .Add(payload).EncodeToBytes();
            byte[] signature = CoseSignatures.sign(CoseAlgorithm.ES256, signer.privateKey(),
                    CoseSignatures.fieldBytes((ECPublicKey) signer.certificate().getPublicKey()), toBeSigned);
            CBORObject message = CBORObject.NewArray().Add(protectedBytes)
                    .Add(unprotectedHeader == null ? CBORObject.NewMap() : unprotectedHeader)
                    .Add(payload).Add(signature);
            return Hc1Prefix.add(Base45.encode(Zlib.deflate(CBORObject.FromObjectAndTag(message, 18).EncodeToBytes())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CBORObject claims(JsonNode dcc, Instant issued, Instant expires) {
        CBORObject claims = CBORObject.NewMap().Add(1, "DE");
        if (expires != null) {
            claims.Add(4, expires.getEpochSecond());
        }
        if (issued != null) {
            claims.Add(6, issued.getEpochSecond());
        }
        return claims.Add(-260, CBORObject.NewMap().Add(1, CborJson.fromJson(dcc)));
    }
}
