package org.lazaret.dcc;

import java.util.Optional;

/**
 * The three kinds of EU DCC, named by the payload key that holds their entries, with the
 * extended-key-usage OIDs by which a signer certificate may restrict itself to them (both the
 * OID arc of the eHealth network specification and the variant with an extra {@code .0} that
 * several member states issued).
 */
public enum CertificateType {
    TEST("t", "1.3.6.1.4.1.1847.2021.1.1", "1.3.6.1.4.1.0.1847.2021.1.1"),
    VACCINATION("v", "1.3.6.1.4.1.1847.2021.1.2", "1.3.6.1.4.1.0.1847.2021.1.2"),
    RECOVERY("r", "1.3.6.1.4.1.1847.2021.1.3", "1.3.6.1.4.1.0.1847.2021.1.3");

    private final String payloadKey;
    private final String oid;
    private final String alternativeOid;

    CertificateType(String payloadKey, String oid, String alternativeOid) {
        this.payloadKey = payloadKey;
        this.oid = oid;
        this.alternativeOid = alternativeOid;
    }

    /** The DCC JSON key holding entries of this type: {@code v}, {@code t} or {@code r}. */
    public String payloadKey() {
        return payloadKey;
    }

    /** The extended key usage OID of the eHealth network specification. */
    public String oid() {
        return oid;
    }

    public static Optional<CertificateType> forOid(String oid) {
        for (CertificateType type : values()) {
            if (type.oid.equals(oid) || type.alternativeOid.equals(oid)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
