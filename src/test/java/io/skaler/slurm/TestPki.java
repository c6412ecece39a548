package io.skaler.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away PKI made with the JDK's own {@code keytool}: a CA, and server certificates it signs with a given
 * subjectAltName. Nothing is checked in; every run makes fresh keys in a temporary directory.
 */
final class TestPki {

    private static final String PASSWORD = "test-only";
    private final Path dir;

    TestPki(Path dir) {
        this.dir = dir;
    }

    /** A self-signed CA ({@code basicConstraints=CA:true}); returns its certificate as PEM. */
    Path ca(String name) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", store(name),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        Path pem = dir.resolve(name + ".pem");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store(name), "-storepass", PASSWORD,
                "-file", pem.toString());
        return pem;
    }

    /**
     * A server key whose certificate {@code ca} signs with {@code san} (e.g. {@code ip:127.0.0.1}); returns a TLS
     * context that serves it with the chain.
     */
    SSLContext server(String name, String ca, String san) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store(name), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        Path csr = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + ".pem");
        keytool("-certreq", "-alias", name, "-keystore", store(name), "-storepass", PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-alias", ca, "-keystore", store(ca), "-storepass", PASSWORD, "-infile", csr.toString(),
                "-outfile", signed.toString(), "-rfc", "-ext", "SAN=" + san, "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", ca, "-keystore", store(name), "-storepass", PASSWORD,
                "-file", dir.resolve(ca + ".pem").toString());
        keytool("-importcert", "-alias", name, "-keystore", store(name), "-storepass", PASSWORD,
                "-file", signed.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store(name)))) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")); // a dozen short JVMs: start them cheaply
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
