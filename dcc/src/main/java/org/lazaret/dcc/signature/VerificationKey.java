package org.lazaret.dcc.signature;

import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * A signer's public key prepared once for repeated verification. EC keys are converted to
 * BouncyCastle parameters on BouncyCastle's optimised curve implementations (P-256 verifies
 * about six times faster there than in the JDK provider), and the point object is kept, so the
 * multiplication tables BouncyCastle attaches to it are reused by every later verification.
 */
public sealed interface VerificationKey {
    /** An EC key; {@code fieldBytes} is the length of r and of s in a COSE signature. */
    record EcKey(ECPublicKeyParameters parameters, int fieldBytes) implements VerificationKey {
        public EcKey {
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    record RsaKey(RSAPublicKey key) implements VerificationKey {
        public RsaKey {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A key no COSE algorithm of a DCC can use (e.g. Ed25519, or an EC curve BouncyCastle lacks). */
    record UnusableKey(String algorithm) implements VerificationKey {
        public UnusableKey {
            Objects.requireNonNull(algorithm, "algorithm");
        }
    }

    static VerificationKey of(PublicKey key) {
        if (key instanceof ECPublicKey ecKey) {
            try {
                ECPublicKeyParameters parameters = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(ecKey);
                return new EcKey(parameters, CoseSignatures.fieldBytes(ecKey));
            } catch (InvalidKeyException | RuntimeException e) {
                return new UnusableKey("EC (" + e.getMessage() + ")");
            }
        }
        if (key instanceof RSAPublicKey rsaKey) {
            return new RsaKey(rsaKey);
        }
        return new UnusableKey(key.getAlgorithm());
    }
}
