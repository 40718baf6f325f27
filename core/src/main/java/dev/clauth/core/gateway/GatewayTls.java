package dev.clauth.core.gateway;

import dev.clauth.core.ClauthException;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS of a gateway, as the reference checks it: the certificate chain must be valid for the host (the
 * system's trusted authorities, plus the PEM file in {@code NODE_EXTRA_CA_CERTS} for a private CA or a
 * self-signed gateway), and its leaf certificate must be the one the user trusted on first use, kept as the
 * lower-case hex SHA-256 of the certificate in {@code gatewayTrust}. Every connection after the first
 * (sign-in, refresh, revocation, API requests) refuses another leaf with {@link PinMismatch}.
 */
public final class GatewayTls {

    public static final String EXTRA_CA_VARIABLE = "NODE_EXTRA_CA_CERTS";
    private static final int TIMEOUT_MS = 10_000;

    private final X509ExtendedTrustManager validating;

    private GatewayTls(X509ExtendedTrustManager validating) {
        this.validating = validating;
    }

    /** The system's trusted authorities, and those in {@code NODE_EXTRA_CA_CERTS} when it names a PEM file. */
    public static GatewayTls from(World world) {
        try {
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (TrustManager tm : system.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    for (X509Certificate ca : x.getAcceptedIssuers()) {
                        anchors.setCertificateEntry("system-" + n++, ca);
                    }
                }
            }
            Optional<String> extra = world.env(EXTRA_CA_VARIABLE);
            if (extra.isPresent()) {
                Path pem = Path.of(extra.get().strip());
                try (InputStream in = Files.newInputStream(pem)) {
                    for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        anchors.setCertificateEntry("extra-" + n++, cert);
                    }
                } catch (IOException | CertificateException e) {
                    throw new ClauthException(EXTRA_CA_VARIABLE + " does not name a readable PEM file of certificates;"
                            + " fix or unset it");
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new GatewayTls(x);
                }
            }
            throw new IllegalStateException("no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trust", e);
        }
    }

    /** The leaf a gateway presents now, after the chain and host name were checked: its SHA-256, lower-case hex. */
    public String fingerprintOf(GatewayAddress gateway) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {validating}, null);
            try (Socket socket = new Socket()) {
                socket.connect(new java.net.InetSocketAddress(gateway.host(), gateway.port()), TIMEOUT_MS);
                socket.setSoTimeout(TIMEOUT_MS);
                try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, gateway.host(), gateway.port(), false)) {
                    SSLParameters params = tls.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(params);
                    tls.startHandshake();
                    return fingerprint((X509Certificate) tls.getSession().getPeerCertificates()[0]);
                }
            }
        } catch (javax.net.ssl.SSLException e) {
            throw new ClauthException("Could not verify the TLS certificate of " + gateway.host() + " ("
                    + ClauthException.oneLine(String.valueOf(e.getMessage())) + "); if the gateway uses a private CA or a"
                    + " self-signed certificate, set " + EXTRA_CA_VARIABLE + " to that CA's PEM file and try again");
        } catch (IOException e) {
            throw new ClauthException("Cannot reach the gateway at " + gateway + " (" + e.getClass().getSimpleName()
                    + "); check the URL and that you are on your organisation's network, then try again");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS that accepts only {@code pin}'s leaf (after the usual chain and host name checks). */
    public SSLContext pinned(String host, String pin) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {pinnedTrustManager(host, pin)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trust manager behind {@link #pinned}, for clients that take one (OkHttp). */
    public X509ExtendedTrustManager pinnedTrustManager(String host, String pin) {
        return new Pinned(validating, host, pin);
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ab12…} as {@code AB:12:…}, as certificate tools show it. */
    public static String colons(String hex) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                s.append(':');
            }
            s.append(hex, i, Math.min(i + 2, hex.length()));
        }
        return s.toString().toUpperCase(java.util.Locale.ROOT);
    }

    /** The gateway presented another leaf than the one trusted. */
    public static final class PinMismatch extends CertificateException {
        public final String host;
        public final String presented;

        PinMismatch(String host, String presented) {
            super("gateway TLS certificate does not match the pinned fingerprint");
            this.host = host;
            this.presented = presented;
        }

        /** The one line for a user: what happened and what to do. */
        public String userMessage() {
            return changedCertificate(host, presented);
        }
    }

    public static String changedCertificate(String host, String presented) {
        return "The TLS certificate of the gateway " + host + " changed since you trusted it (now SHA-256 "
                + colons(presented) + "); nothing was sent. If your administrator confirms a certificate rotation, run"
                + " clauth auth login --gateway https://" + host + " to review and trust the new one";
    }

    /** The {@link PinMismatch} somewhere in {@code failure}'s causes, if that is why it failed. */
    public static Optional<PinMismatch> mismatchIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PinMismatch m) {
                return Optional.of(m);
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof PinMismatch m) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    private static final class Pinned extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager validating;
        private final String host;
        private final String pin;

        Pinned(X509ExtendedTrustManager validating, String host, String pin) {
            this.validating = validating;
            this.host = host;
            this.pin = pin;
        }

        private void checkPin(X509Certificate[] chain) throws CertificateException {
            String presented = fingerprint(chain[0]);
            if (!MessageDigest.isEqual(presented.getBytes(), pin.getBytes())) {
                throw new PinMismatch(host, presented);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            validating.checkServerTrusted(chain, authType, socket);
            checkPin(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            validating.checkServerTrusted(chain, authType, engine);
            checkPin(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            validating.checkServerTrusted(chain, authType);
            checkPin(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return validating.getAcceptedIssuers();
        }
    }
}
