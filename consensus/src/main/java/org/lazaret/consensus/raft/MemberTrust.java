package org.lazaret.consensus.raft;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.lazaret.core.crypto.Hash32;

/**
 * Who may talk to this node's Raft port. A connecting peer must present a certificate signed by
 * the consortium CA (the JDK's PKIX check) whose common name is a current member of the group, so
 * a node that was never admitted, or has been removed, is refused at the handshake even though its
 * certificate is still valid. For connections this node opens, the CA check and the host-name check
 * (done by the JDK because gRPC asks for endpoint identification) suffice: Raft chose the address.
 * In both directions, a peer whose certificate is pinned ({@link PinnedCertificates}) must present
 * exactly that certificate.
 *
 * <p>Membership is read at each handshake; a connection that was open before a peer's removal is
 * not cut by this class (Ratis keeps channels open), which is a stated limit of the design.
 */
final class MemberTrust extends X509ExtendedTrustManager {
  private static final char[] IN_MEMORY_PASSWORD = "lazaret".toCharArray();

  private final X509ExtendedTrustManager caTrust;
  private final Supplier<Set<String>> members;
  private final PinnedCertificates pins;

  private MemberTrust(X509ExtendedTrustManager caTrust, Supplier<Set<String>> members, PinnedCertificates pins) {
    this.caTrust = caTrust;
    this.members = members;
    this.pins = pins;
  }

  /** Builds Ratis's TLS configuration from PEM files, with mutual authentication on. */
  static GrpcTlsConfig tlsConfig(RaftTransport.MutualTls files, Supplier<Set<String>> members, PinnedCertificates pins) throws IOException {
    List<X509Certificate> chain = TlsMaterial.readCertificates(files.certificateChain());
    PrivateKey key = TlsMaterial.readPrivateKey(files.privateKey());
    List<X509Certificate> cas = TlsMaterial.readCertificates(files.trustedCa());
    try {
      return new GrpcTlsConfig(keyManager(chain, key), new MemberTrust(caTrustManager(cas), members, pins), true);
    } catch (GeneralSecurityException e) {
      throw new IOException("tls: unusable key material in " + files + ": " + e.getMessage(), e);
    }
  }

  private static KeyManager keyManager(List<X509Certificate> chain, PrivateKey key) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("node", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
    KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    f.init(store, IN_MEMORY_PASSWORD);
    return f.getKeyManagers()[0];
  }

  private static X509ExtendedTrustManager caTrustManager(List<X509Certificate> cas) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (int i = 0; i < cas.size(); i++) {
      store.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
    f.init(store);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  private void requireMember(X509Certificate[] chain) throws CertificateException {
    String id = requirePinned(chain);
    if (!members.get().contains(id)) {
      throw new CertificateException("peer '" + id + "' is not a member of this Raft group");
    }
  }

  /** Returns the peer's id, once its certificate is the one pinned for that id (if one is). */
  private String requirePinned(X509Certificate[] chain) throws CertificateException {
    String id;
    try {
      id = TlsMaterial.commonName(chain[0]);
    } catch (IllegalArgumentException e) {
      throw new CertificateException("peer certificate: " + e.getMessage());
    }
    Optional<String> pinned = pins.fingerprint(id);
    if (pinned.isPresent() && !pinned.get().equals(Hash32.sha256(chain[0].getEncoded()).hex())) {
      throw new CertificateException("peer '" + id + "' presents a certificate other than the one admitted for it (SHA-256 " + pinned.get() + ")");
    }
    return id;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    caTrust.checkClientTrusted(chain, authType);
    requireMember(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    caTrust.checkClientTrusted(chain, authType, socket);
    requireMember(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    caTrust.checkClientTrusted(chain, authType, engine);
    requireMember(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    caTrust.checkServerTrusted(chain, authType);
    requirePinned(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    caTrust.checkServerTrusted(chain, authType, socket);
    requirePinned(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    caTrust.checkServerTrusted(chain, authType, engine);
    requirePinned(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return caTrust.getAcceptedIssuers();
  }
}
