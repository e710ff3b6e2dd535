package org.lazaret.dcc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.dcc.cose.CoseAlgorithm;
import org.lazaret.dcc.cose.CoseDecoder;
import org.lazaret.dcc.cose.CoseSign1;
import org.lazaret.dcc.cose.CwtClaims;
import org.lazaret.dcc.cose.CwtDecoder;
import org.lazaret.dcc.encoding.Base45;
import org.lazaret.dcc.encoding.DecodeException;
import org.lazaret.dcc.encoding.Hc1Prefix;
import org.lazaret.dcc.encoding.Zlib;
import org.lazaret.dcc.qr.QrCodes;
import org.lazaret.dcc.schema.DccSchema;
import org.lazaret.dcc.signature.CoseSignatures;
import org.lazaret.dcc.signature.SignatureCheck;

/**
 * Verifies an EU Digital COVID Certificate offline. The pipeline is picture → prefix → base45 →
 * zlib → COSE_Sign1, each stage stopping the run when it fails (nothing after it can be read);
 * an unreadable COSE_Sign1 is reported as both {@code cose} and {@code signature}, since no
 * signature can verify then. Once the COSE envelope is read, the remaining checks are
 * independent and all run, so that a verdict names every problem: signature (against the trust
 * list), CWT claims ({@code cose}), key usage, expiry, schema, revocation and policy. A pure function of the request: no clock, no I/O,
 * no exception escapes for any input (every bad input ends in a verdict with failures).
 *
 * <p>Time rules (all bounds inclusive, so a certificate is still valid at the very instant of
 * its {@code exp}): {@code exp < at} is expired; {@code iat > at + } {@link #CLOCK_SKEW} is not
 * yet valid; a missing {@code exp} counts as expired (the validity end is unknown). The signer
 * certificate must have been valid when the DCC was signed ({@code iat}, else {@code at}):
 * signed after its notAfter is expired, before its notBefore not yet valid.
 */
public final class Verifier {
    /** Tolerance for an issuer's clock running ahead of the verifier's when checking iat. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private Verifier() {}

    public static Verdict verify(VerifyRequest request) {
        try {
            return run(request);
        } catch (RuntimeException e) {
            // A bug, not a rejection: still no exception to the caller, and never "valid".
            return new Verdict(List.of(new Finding(Failure.COSE, "internal error while decoding: " + e)),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private static Verdict run(VerifyRequest request) {
        List<Finding> findings = new ArrayList<>();
        String text;
        switch (request.input()) {
            case VerifyRequest.QrText qr -> text = qr.text();
            case VerifyRequest.QrPicture picture -> {
                try {
                    text = QrCodes.read(picture.png().toArray());
                } catch (DecodeException e) {
                    return stopped(Failure.PICTURE, e, Optional.empty());
                }
            }
        }
        Optional<String> readText = Optional.of(text);
        CoseSign1 cose;
        try {
            cose = decodeEnvelope(text);
        } catch (StageException e) {
            if (e.failure == Failure.COSE) {
                // An unreadable COSE_Sign1 carries no signature that could verify: the check fails too.
                return new Verdict(List.of(new Finding(Failure.COSE, e.cause.getMessage()),
                        new Finding(Failure.SIGNATURE, "no signature can be verified: the COSE_Sign1 message cannot be read")),
                        readText, Optional.empty(), Optional.empty());
            }
            return stopped(e.failure, e.cause, readText);
        }
        Optional<TrustedKey> signer = checkSignature(cose, request.trustList(), findings);
        Optional<TrustedKey> claimedSigner = signer.or(() -> claimedSigner(cose, request.trustList()));
        Optional<CwtClaims> claims;
        try {
            claims = Optional.of(CwtDecoder.decode(cose.payload().toArray()));
        } catch (DecodeException e) {
            findings.add(new Finding(Failure.COSE, e.getMessage()));
            claims = Optional.empty();
        }
        claims.ifPresent(c -> {
            claimedSigner.ifPresent(key -> checkKeyUsage(c.dcc(), key, findings));
            checkTimes(c, claimedSigner, request.at(), findings);
            for (String violation : DccSchema.validate(c.dcc())) {
                findings.add(new Finding(Failure.SCHEMA, violation));
            }
        });
        checkRevocation(cose, claims, request.revocations(), findings);
        if (claims.isPresent() && !(request.policy() instanceof Policy.NoPolicy)) {
            CwtClaims c = claims.get();
            PolicyInput input = new PolicyInput(c.dcc(), request.at(), c.issuer(), c.issuedAt(), c.expiresAt(),
                    cose.kid().map(Kid::new));
            if (judge(request.policy(), input) instanceof PolicyDecision.Denied denied) {
                denied.reasons().forEach(reason -> findings.add(new Finding(Failure.POLICY, reason)));
            }
        }
        return new Verdict(findings, readText, claims, signer);
    }

    /** Prefix, base45, zlib and COSE envelope: each failure ends the run. */
    private static CoseSign1 decodeEnvelope(String text) throws StageException {
        String base45 = stage(Failure.PREFIX, () -> Hc1Prefix.strip(text));
        byte[] compressed = stage(Failure.BASE45, () -> Base45.decode(base45));
        byte[] message = stage(Failure.COMPRESSION, () -> Zlib.inflate(compressed));
        return stage(Failure.COSE, () -> CoseDecoder.decode(message));
    }

    /**
     * The protected kid (else the unprotected one) selects the trusted keys to try; without any
     * kid every trusted key is tried. Returns the key that verified, if one did.
     */
    private static Optional<TrustedKey> checkSignature(CoseSign1 cose, TrustList trustList, List<Finding> findings) {
        Optional<Bytes> kid = cose.kid();
        List<TrustedKey> candidates = kid.map(k -> trustList.find(new Kid(k))).orElse(trustList.keys());
        if (candidates.isEmpty()) {
            findings.add(new Finding(Failure.UNKNOWN_KEY, kid
                    .map(k -> "kid " + k.hex() + " is not in the trust list of " + trustList.size() + " certificates")
                    .orElse("no kid and an empty trust list")));
            return Optional.empty();
        }
        Optional<CoseAlgorithm> algorithm = cose.algorithm().flatMap(CoseAlgorithm::forId);
        if (algorithm.isEmpty()) {
            findings.add(new Finding(Failure.SIGNATURE, cose.algorithm()
                    .map(id -> "unsupported signature algorithm " + id)
                    .orElse("no alg header parameter")));
            return Optional.empty();
        }
        byte[] toBeSigned = cose.toBeSigned();
        byte[] signature = cose.signature().toArray();
        String lastReason = "";
        for (TrustedKey key : candidates) {
            SignatureCheck check = CoseSignatures.verify(algorithm.get(), key.verificationKey(), toBeSigned, signature);
            switch (check) {
                case SignatureCheck.Valid valid -> {
                    return Optional.of(key);
                }
                case SignatureCheck.Invalid invalid -> lastReason = invalid.reason();
            }
        }
        findings.add(new Finding(Failure.SIGNATURE, kid.isPresent()
                ? lastReason
                : "no kid, and none of the " + candidates.size() + " trusted keys verifies: " + lastReason));
        return Optional.empty();
    }

    /** The signer the kid names when its signature did not verify, for checks that still make sense. */
    private static Optional<TrustedKey> claimedSigner(CoseSign1 cose, TrustList trustList) {
        List<TrustedKey> named = cose.kid().map(k -> trustList.find(new Kid(k))).orElse(List.of());
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    private static void checkKeyUsage(JsonNode dcc, TrustedKey key, List<Finding> findings) {
        for (CertificateType type : CertificateType.values()) {
            if (dcc.has(type.payloadKey()) && !key.allows(type)) {
                findings.add(new Finding(Failure.KEY_USAGE, "signer " + key.kid() + " may sign only "
                        + key.allowedTypes() + ", not " + type + " (payload key '" + type.payloadKey() + "')"));
            }
        }
    }

    private static void checkTimes(CwtClaims claims, Optional<TrustedKey> signer, Instant at, List<Finding> findings) {
        if (claims.expiresAt().isEmpty()) {
            findings.add(new Finding(Failure.EXPIRED, "claim 4 (exp) is missing, so the validity end is unknown"));
        }
        claims.expiresAt().filter(exp -> exp.isBefore(at)).ifPresent(exp ->
                findings.add(new Finding(Failure.EXPIRED, "exp " + exp + " is before " + at)));
        claims.issuedAt().filter(iat -> iat.isAfter(at.plus(CLOCK_SKEW))).ifPresent(iat ->
                findings.add(new Finding(Failure.NOT_YET_VALID, "iat " + iat + " is after " + at + " + " + CLOCK_SKEW)));
        signer.ifPresent(key -> {
            Instant signedAt = claims.issuedAt().orElse(at);
            if (signedAt.isAfter(key.notAfter())) {
                findings.add(new Finding(Failure.EXPIRED, "signed at " + signedAt + ", after the signer certificate "
                        + key.kid() + " expired at " + key.notAfter()));
            }
            if (signedAt.isBefore(key.notBefore())) {
                findings.add(new Finding(Failure.NOT_YET_VALID, "signed at " + signedAt + ", before the signer "
                        + "certificate " + key.kid() + " became valid at " + key.notBefore()));
            }
        });
    }

    private static void checkRevocation(CoseSign1 cose, Optional<CwtClaims> claims, Revocations revocations,
            List<Finding> findings) {
        if (revocations.isEmpty()) {
            return;
        }
        Optional<String> signatureHash = cose.algorithm().flatMap(CoseAlgorithm::forId)
                .map(algorithm -> Revocations.signatureHash(algorithm, cose.signature().toArray()));
        List<String> candidates = Revocations.candidates(claims.map(CwtClaims::dcc), signatureHash);
        revocations.firstMatch(candidates).ifPresent(hash ->
                findings.add(new Finding(Failure.REVOKED, "hash " + hash + " is on the revocation list")));
    }

    private static PolicyDecision judge(Policy policy, PolicyInput input) {
        try {
            return policy.judge(input);
        } catch (RuntimeException e) {
            return new PolicyDecision.Denied(List.of("policy " + policy.name() + " failed: " + e.getMessage()));
        }
    }

    private static Verdict stopped(Failure failure, DecodeException cause, Optional<String> text) {
        return new Verdict(List.of(new Finding(failure, cause.getMessage())), text, Optional.empty(), Optional.empty());
    }

    private interface Stage<T> {
        T run() throws DecodeException;
    }

    private static <T> T stage(Failure failure, Stage<T> stage) throws StageException {
        try {
            return stage.run();
        } catch (DecodeException e) {
            throw new StageException(failure, e);
        }
    }

    private static final class StageException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Failure failure;
        private final DecodeException cause;

        StageException(Failure failure, DecodeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.failure = failure;
            this.cause = cause;
        }
    }
}
