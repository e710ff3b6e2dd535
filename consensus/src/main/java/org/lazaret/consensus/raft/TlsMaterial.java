package org.lazaret.consensus.raft;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for mutual TLS between nodes: a consortium CA, and per node a certificate whose
 * common name is the node id (that is how a peer is recognised as a member) with the host names
 * and addresses it is reached at. ECDSA P-256, PEM files, private keys in PKCS#8 as Netty wants.
 * The CLI's {@code network init} and the tests use the same code, so the tests exercise the
 * certificates operators will run with. Time and randomness come from the caller.
 */
public final class TlsMaterial {
  private TlsMaterial() {}

  public static final String CA_CERTIFICATE_FILE = "ca.crt.pem";
  public static final String CA_KEY_FILE = "ca.key.pem";
  public static final String NODE_CERTIFICATE_FILE = "node.crt.pem";
  public static final String NODE_KEY_FILE = "node.key.pem";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  /** The consortium's certificate authority: signs node certificates, is trusted by every node. */
  public record Authority(X509Certificate certificate, PrivateKey privateKey) {}

  /** A node's certificate chain (node certificate first, then the CA) and its private key. */
  public record NodeCredentials(List<X509Certificate> chain, PrivateKey privateKey) {
    public NodeCredentials {
      chain = List.copyOf(chain);
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("chain: must hold the node certificate");
      }
    }

    public X509Certificate certificate() {
      return chain.get(0);
    }
  }

  public static Authority newAuthority(String name, Instant notBefore, Duration validity, SecureRandom random) {
    KeyPair keys = newKeyPair(random);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).addRDN(BCStyle.O, "Lazaret consortium").build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          subject, serial(random), Date.from(notBefore), Date.from(notBefore.plus(validity)), subject, keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Authority(sign(b, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("tls: could not create the CA certificate", e);
    }
  }

  /**
   * Issues the certificate of node {@code nodeId}, valid for TLS client and server use, naming
   * {@code hostNames} (DNS names or IP literals) as subject alternative names: peers check the
   * address they dial against them.
   */
  public static NodeCredentials issueNode(
      Authority ca, String nodeId, List<String> hostNames, Instant notBefore, Duration validity, SecureRandom random) {
    RaftMember.requireValidId(nodeId);
    if (hostNames.isEmpty()) {
      throw new IllegalArgumentException("hostNames: a node certificate needs at least one host name or address");
    }
    KeyPair keys = newKeyPair(random);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, nodeId).addRDN(BCStyle.O, "Lazaret node").build();
    List<GeneralName> names = new ArrayList<>();
    for (String host : hostNames) {
      boolean ip = IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
      names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          ca.certificate(), serial(random), Date.from(notBefore), Date.from(notBefore.plus(validity)),
          subject, keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
      return new NodeCredentials(List.of(sign(b, ca.privateKey()), ca.certificate()), keys.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("tls: could not issue the certificate of node " + nodeId, e);
    }
  }

  // ---------------------------------------------------------------- files

  /** Writes {@code ca.crt.pem} and {@code ca.key.pem} (owner-only) into {@code dir}. */
  public static void writeAuthority(Path dir, Authority ca) throws IOException {
    Files.createDirectories(dir);
    writeString(dir.resolve(CA_CERTIFICATE_FILE), pem(List.of(ca.certificate())));
    writeSecret(dir.resolve(CA_KEY_FILE), pemKey(ca.privateKey()));
  }

  public static Authority readAuthority(Path certificateFile, Path keyFile) throws IOException {
    List<X509Certificate> certs = readCertificates(certificateFile);
    return new Authority(certs.get(0), readPrivateKey(keyFile));
  }

  /**
   * Writes a node's chain, key and the CA certificate into {@code dir} and returns the transport
   * that uses them.
   */
  public static RaftTransport.MutualTls writeNode(Path dir, X509Certificate caCertificate, NodeCredentials node) throws IOException {
    Files.createDirectories(dir);
    Path chain = dir.resolve(NODE_CERTIFICATE_FILE);
    Path key = dir.resolve(NODE_KEY_FILE);
    Path ca = dir.resolve(CA_CERTIFICATE_FILE);
    writeString(chain, pem(node.chain()));
    writeSecret(key, pemKey(node.privateKey()));
    writeString(ca, pem(List.of(caCertificate)));
    return new RaftTransport.MutualTls(chain, key, ca);
  }

  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(in)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          out.add(converter.getCertificate(holder));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": no PEM certificate found");
    }
    return out;
  }

  public static PrivateKey readPrivateKey(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(in)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
      }
    }
    throw new IOException(file + ": no unencrypted PEM private key found");
  }

  /** The common name of a certificate's subject: for node certificates, the node id. */
  public static String commonName(X509Certificate certificate) {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] cns = name.getRDNs(BCStyle.CN);
    if (cns.length != 1) {
      throw new IllegalArgumentException("certificate: expected one common name in " + name + ", found " + cns.length);
    }
    return IETFUtils.valueToString(cns[0].getFirst().getValue());
  }

  // ---------------------------------------------------------------- helpers

  private static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("tls: P-256 key generation is unavailable", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static String pem(List<X509Certificate> certs) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (X509Certificate c : certs) {
        w.writeObject(c);
      }
    }
    return out.toString();
  }

  private static String pemKey(PrivateKey key) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    }
    return out.toString();
  }

  private static void writeString(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.US_ASCII);
  }

  private static void writeSecret(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system: rely on the directory's protection
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      w.write(content);
    }
  }
}
