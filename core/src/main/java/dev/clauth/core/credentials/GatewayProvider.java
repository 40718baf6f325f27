package dev.clauth.core.credentials;

import dev.clauth.core.gateway.GatewayAddress;
import dev.clauth.core.store.GatewayLogin;
import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/** Hands out the gateway's bearer, refreshed ahead of expiry and after a 401; requests go to the gateway itself. */
public final class GatewayProvider implements CredentialProvider {

    private final GatewayAddress gateway;
    private final GatewayRefresher refresher;
    private final Optional<SSLContext> tls;
    private final Optional<X509TrustManager> trustManager;
    private final Credential.Origin origin;

    GatewayProvider(GatewayAddress gateway, GatewayRefresher refresher, Optional<SSLContext> tls,
            Optional<X509TrustManager> trustManager) {
        this.gateway = gateway;
        this.refresher = refresher;
        this.tls = tls;
        this.trustManager = trustManager;
        this.origin = new Credential.Origin("The gateway token from " + gateway, "run clauth auth login --gateway " + gateway);
    }

    /** Where every request goes. */
    public URI baseUrl() {
        return gateway.base();
    }

    /** The pinned TLS for an https gateway; empty for http on loopback. */
    public Optional<SSLContext> tls() {
        return tls;
    }

    public Optional<X509TrustManager> trustManager() {
        return trustManager;
    }

    /** The sign-in now (refreshed if it was about to expire). */
    public GatewayLogin login() {
        return refresher.current();
    }

    @Override
    public Optional<java.time.Instant> expiresAt() {
        return Optional.of(refresher.current().expiry());
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.THIRD_PARTY;
    }

    @Override
    public String source() {
        return "gateway";
    }

    @Override
    public String apiProvider() {
        return "gateway";
    }

    @Override
    public Credential credential() {
        return Credential.read(Credential.Kind.BEARER_TOKEN, refresher.current().jwt(), origin);
    }

    @Override
    public Optional<Credential> afterRejection(Credential rejected) {
        return refresher.afterRejection(rejected.secret()).map(l -> Credential.read(Credential.Kind.BEARER_TOKEN, l.jwt(), origin));
    }

    @Override
    public String refusedMessage() {
        return "The gateway " + gateway + " refused your sign-in · Please run clauth auth login --gateway " + gateway;
    }

    @Override
    public String describe() {
        return "you are signed in to the gateway " + gateway;
    }

    @Override
    public String consequence() {
        return "every request goes to the gateway with its own token";
    }
}
