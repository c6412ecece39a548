package io.skaler.slurm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CA certificates slurmrestd's TLS certificate must chain to ({@code skaler.slurm.ca-bundle}): a PEM file with one
 * or more certificates, loaded once at start-up. The resulting context trusts these certificates and nothing else (not
 * the JDK's public CAs); host names are still checked by the HTTP client, as for any https URL.
 *
 * @param file         where the bundle was read from, for messages
 * @param certificates the CA certificates, in file order
 * @param context      a TLS context whose trust store holds exactly {@code certificates}
 */
public record CaBundle(Path file, List<X509Certificate> certificates, SSLContext context) {

    static final String KEY = "skaler.slurm.ca-bundle";

    public CaBundle {
        certificates = List.copyOf(certificates);
    }

    /** Reads and checks the bundle; every failure is an {@link IllegalArgumentException} naming the key and the reason. */
    public static CaBundle load(Path file) {
        List<X509Certificate> certs = read(file);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                trust.setCertificateEntry("ca-" + i, certs.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return new CaBundle(file, certs, context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(KEY + ": cannot build a trust store from " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(KEY + ": " + file + " does not exist or is not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(KEY + ": " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(KEY + ": cannot read " + file + ": " + e, e);
        }
        if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(KEY + ": " + file
                    + " holds no PEM certificate (expected one or more '-----BEGIN CERTIFICATE-----' blocks)");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
        } catch (CertificateException | IOException e) {
            throw new IllegalArgumentException(KEY + ": " + file + " is not a valid PEM certificate bundle: "
                    + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(KEY + ": " + file + " holds no certificate");
        }
        return certs;
    }

    @Override
    public String toString() {
        return "CaBundle[" + file + ", " + certificates.size() + " certificate(s)]";
    }
}
