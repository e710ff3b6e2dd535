package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.TrustListException;
import org.lazaret.sdk.LazaretClient;

/**
 * What the certificate commands read and write besides the ledger: an issuer's PEM private key
 * and certificate (never sent anywhere), PEM output for the demo, and credentials calls that
 * wait until the ledger has applied them, so a command's success means the change is on chain.
 */
final class CertFiles {
  private CertFiles() {}

  /** A PKCS#8 ({@code PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}) PEM private key. */
  static PrivateKey privateKey(Path file, String option) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
      Object o = pem.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      throw new Main.Failure(2, option + ": " + file + " holds no unencrypted PEM private key" + (o == null ? "" : " (found " + o.getClass().getSimpleName() + ")"));
    } catch (IOException e) {
      throw new Main.Failure(2, option + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The first certificate of a DER or PEM file. */
  static X509Certificate certificate(Path file, String option) {
    try {
      return TrustList.parse(Files.readAllBytes(file), file.toString()).keys().get(0).certificate();
    } catch (IOException e) {
      throw new Main.Failure(2, option + ": cannot read " + file + ": " + e.getMessage());
    } catch (TrustListException e) {
      throw new Main.Failure(2, option + ": " + e.getMessage());
    }
  }

  /** PEM of a certificate, or of a private key as PKCS#8 ({@code PRIVATE KEY}), which every tool reads. */
  static String pem(Object value) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (value instanceof PrivateKey key) {
        writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(value);
      }
    } catch (IOException e) {
      throw new IllegalStateException("PEM cannot be written to memory", e);
    }
    return out.toString();
  }

  static void write(Path file, byte[] content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, content);
    } catch (IOException e) {
      throw new Main.Failure(1, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /**
   * Signs and submits a call to the credentials contract and waits until it is committed; fails
   * (exit 1) when it is rejected or reverted, with the ledger's reason. Returns the final status.
   */
  static JsonNode commit(LazaretClient client, KeyPair sender, String method, JsonNode args) {
    Hash32 id = Remote.call(() -> client.submit(client.sign(sender, "credentials", method, args, Duration.ofMinutes(10))));
    JsonNode s = Remote.call(() -> client.await(id, Duration.ofSeconds(60)));
    if (!"committed".equals(s.path("status").asText())) {
      throw new Main.Failure(1, method + " " + id.hex() + " was " + s.path("status").asText() + ": " + s.path("receipt").path("reason").asText());
    }
    if (!s.path("receipt").path("success").asBoolean()) {
      throw new Main.Failure(1, method + " " + id.hex() + " was reverted: " + s.path("receipt").path("reason").asText());
    }
    return s;
  }
}
