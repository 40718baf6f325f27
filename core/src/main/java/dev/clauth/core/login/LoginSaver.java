package dev.clauth.core.login;

import dev.clauth.core.ClauthException;
import dev.clauth.core.oauth.AccountClient;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.oauth.SubscriptionType;
import dev.clauth.core.oauth.TokenClient;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.world.World;
import java.util.List;

/**
 * The end of every login, however the tokens were obtained (browser or device): the profile is fetched
 * (optional on a standard server) and the login stored, or, for a Console login, an API key is made and
 * stored instead. A login that fails here is abandoned, and its tokens are revoked at the server.
 */
final class LoginSaver {

    private final World world;
    private final String clientId;
    private final CredentialStore store;
    private final GlobalConfig globalConfig;

    LoginSaver(World world, String clientId, CredentialStore store, GlobalConfig globalConfig) {
        this.world = world;
        this.clientId = clientId;
        this.store = store;
        this.globalConfig = globalConfig;
    }

    void save(AuthorizationServer server, TokenGrant grant, LoginOptions options) {
        if (options.longLivedToken()) {
            return; // setup-token: the token is printed once and saved nowhere
        }
        try {
            store(server, grant, options);
        } catch (RuntimeException e) {
            // The login is abandoned: its tokens must not stay live at the server.
            server.revocationEndpoint().ifPresent(uri -> TokenClient.revokeBoth(uri, clientId, grant.accessToken(),
                    grant.refreshToken()));
            throw e;
        }
    }

    private void store(AuthorizationServer server, TokenGrant grant, LoginOptions options) {
        AccountClient account = new AccountClient(server, grant.accessToken());
        AccountClient.Profile profile = account.profile(grant);
        if (options.console()) {
            String key = account.createApiKey();
            globalConfig.savePrimaryApiKey(key);
            globalConfig.saveOAuthAccount(profile.account());
            return;
        }
        List<String> scopes = grant.scopes().isEmpty() ? server.scopesFor(options.scopes()) : grant.scopes();
        if (server.claudeStyle() && !scopes.contains(AuthorizationServer.INFERENCE)) {
            throw new ClauthException("The server did not grant user:inference, so this login cannot call the API;"
                    + " approve all requested scopes, or use clauth auth login --console");
        }
        String refreshToken = grant.refreshToken().orElseThrow(() -> new ClauthException(
                "The server issued no refresh token, so this login would end within hours; check the server"));
        StoredLogin login = new StoredLogin(grant.accessToken(), refreshToken,
                world.now().toEpochMilli() + grant.expiresInSeconds() * 1000, scopes,
                SubscriptionType.of(profile.organizationType().or(grant::organizationType)).orElse(null),
                profile.rateLimitTier().orElse(null), server.issuer(), clientId, grant.expiresInSeconds());
        store.saveNewLogin(login, world.now()).ifPresent(aside -> world.out().println(
                "The unreadable " + store.where() + " was moved aside to " + aside + "."));
        store.warning().ifPresent(world.err()::println);
        globalConfig.saveOAuthAccount(profile.account());
    }
}
