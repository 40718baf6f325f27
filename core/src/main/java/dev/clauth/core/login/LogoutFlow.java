package dev.clauth.core.login;

import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.oauth.TokenClient;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.gateway.GatewayAddress;
import dev.clauth.core.gateway.GatewayClient;
import dev.clauth.core.gateway.GatewayTls;
import dev.clauth.core.store.GatewayLogin;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.world.World;
import java.net.URI;
import java.util.Optional;

/**
 * Ends the stored login: revokes its refresh token at the server it came from (5 s, failures ignored),
 * then removes {@code claudeAiOauth} from the credentials file and {@code oauthAccount} and
 * {@code primaryApiKey} from the global config, keeping everything else in both files.
 */
public final class LogoutFlow {

    public static final String SUCCESS = "Successfully logged out from your Anthropic account.";

    private final CredentialStore store;
    private final GlobalConfig globalConfig;
    private final World world;

    public LogoutFlow(CredentialStore store, GlobalConfig globalConfig) {
        this(store, globalConfig, new dev.clauth.core.world.SystemWorld());
    }

    public LogoutFlow(CredentialStore store, GlobalConfig globalConfig, World world) {
        this.store = store;
        this.globalConfig = globalConfig;
        this.world = world;
    }

    /** Ends the subscription login and the gateway sign-in, whichever are stored (the gateways' pins stay). */
    public void run() {
        store.exclusive(() -> {
            store.read().ifPresent(LogoutFlow::revoke);
            store.remove();
            store.gateway().ifPresent(this::revoke);
            store.removeGateway();
            return null;
        });
        globalConfig.removeLogin();
    }

    /**
     * The gateway's tokens, revoked at its revocation endpoint (the one recorded at sign-in, else its
     * metadata's, same origin only) over the pinned TLS; a changed certificate or an unreachable gateway
     * only skips the revocation.
     */
    private void revoke(GatewayLogin login) {
        try {
            GatewayAddress gateway = GatewayAddress.parse(login.url());
            Optional<javax.net.ssl.SSLContext> tls = gateway.https()
                    ? store.pin(gateway.host()).map(pin -> GatewayTls.from(world).pinned(gateway.host(), pin))
                    : Optional.empty();
            if (gateway.https() && tls.isEmpty()) {
                return;
            }
            GatewayClient client = GatewayClient.of(gateway, tls);
            Optional<URI> endpoint = Optional.ofNullable(login.revocationEndpoint()).flatMap(gateway::sameOrigin)
                    .or(() -> client.discover().revocation());
            endpoint.ifPresent(uri -> client.revoke(uri, login.jwt(), login.idpRefreshToken()));
        } catch (RuntimeException e) {
            // The gateway is gone, unreachable or changed: the local sign-in is removed all the same.
        }
    }

    private static void revoke(StoredLogin login) {
        if (login.issuer() == null || login.refreshToken() == null || login.refreshToken().isEmpty()) {
            return;
        }
        try {
            URI issuer = URI.create(ServerLocations.stripTrailingSlash(login.issuer()));
            Optional<URI> endpoint = AuthorizationServer.discover(issuer).revocationEndpoint();
            String clientId = login.clientId() == null ? ServerLocations.DEFAULT_CLIENT_ID : login.clientId();
            endpoint.ifPresent(uri -> TokenClient.revoke(uri, clientId, login.refreshToken()));
        } catch (ClauthException | IllegalArgumentException e) {
            // The server is gone or unreachable: the local login is removed all the same.
        }
    }
}
