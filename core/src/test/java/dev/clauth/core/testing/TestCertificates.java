package dev.clauth.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private certificate authority made with the JDK's own {@code keytool} (as an administrator would make
 * one), and server certificates it signs for {@code 127.0.0.1}/{@code localhost}: what a company's gateway
 * behind a private CA presents. {@link #caPem} is what {@code NODE_EXTRA_CA_CERTS} names.
 */
public final class TestCertificates {

    private static final String PASSWORD = "changeit-test";
    private final Path dir;
    private int leaves;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA in a temp dir. */
    public static TestCertificates newAuthority() {
        try {
            TestCertificates ca = new TestCertificates(Files.createTempDirectory("clauth-ca"));
            ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=clauth test CA",
                    "-ext", "bc:c", "-validity", "3", "-keystore", ca.file("ca.p12"), "-storepass", PASSWORD);
            ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-file", ca.file("ca.pem"), "-keystore", ca.file("ca.p12"),
                    "-storepass", PASSWORD);
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA's certificate, PEM: for {@code NODE_EXTRA_CA_CERTS}. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A new server certificate for 127.0.0.1 and localhost signed by this CA, as TLS for a server. */
    public synchronized Leaf newLeaf() {
        String name = "leaf" + ++leaves;
        String store = file(name + ".p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "3", "-keystore", store, "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-file", file(name + ".csr"), "-keystore", store, "-storepass", PASSWORD);
        keytool("-gencert", "-alias", "ca", "-infile", file(name + ".csr"), "-outfile", file(name + ".pem"), "-rfc",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth", "-validity", "3",
                "-keystore", file("ca.p12"), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-keystore", store, "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", file(name + ".pem"), "-keystore", store,
                "-storepass", PASSWORD);
        try (InputStream in = Files.newInputStream(Path.of(store))) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return new Leaf(tls, (X509Certificate) keys.getCertificate("server"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the test server certificate", e);
        }
    }

    /** A server's TLS and its certificate. */
    public record Leaf(SSLContext tls, X509Certificate certificate) {
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
