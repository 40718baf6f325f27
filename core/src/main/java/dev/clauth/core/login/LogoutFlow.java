package dev.clauth.core.login;

import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.oauth.TokenClient;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.store.StoredLogin;
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

    public LogoutFlow(CredentialStore store, GlobalConfig globalConfig) {
        this.store = store;
        this.globalConfig = globalConfig;
    }

    public void run() {
        store.lock().call(() -> {
            store.read().ifPresent(LogoutFlow::revoke);
            store.remove();
            return null;
        });
        globalConfig.removeLogin();
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
