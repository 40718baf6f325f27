package dev.clauth.core.status;

import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.credentials.PrimaryApiKeySource;
import dev.clauth.core.credentials.AuthMethod;
import dev.clauth.core.credentials.CredentialProvider;
import dev.clauth.core.credentials.CredentialResolver;
import dev.clauth.core.credentials.GatewayProvider;
import dev.clauth.core.credentials.Resolution;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GlobalConfig;
import dev.clauth.core.store.OAuthAccount;
import dev.clauth.core.store.StoredLogin;
import java.util.Optional;

/** Builds the status from local state only: the resolver's choice, the stored login, the account. */
public final class StatusReporter {

    private final CredentialResolver resolver;
    private final CredentialStore store;
    private final GlobalConfig globalConfig;
    private final ServerLocations servers;

    public StatusReporter(CredentialResolver resolver, CredentialStore store, GlobalConfig globalConfig,
            ServerLocations servers) {
        this.resolver = resolver;
        this.store = store;
        this.globalConfig = globalConfig;
        this.servers = servers;
    }

    public AuthStatus status() {
        Resolution resolution = resolver.resolve();
        String apiBase = servers.apiBase().toString();
        if (resolution.chosen().isEmpty()) {
            return new AuthStatus(false, AuthMethod.NONE.statusName(), "firstParty", Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), apiBase,
                    resolution.explanation(), Optional.empty(), resolution.notUsed());
        }
        CredentialProvider provider = resolution.chosen().get();
        boolean subscription = provider.method() == AuthMethod.CLAUDE_AI;
        // The account is known for what `auth login` made: the subscription login, or a Console login's key.
        boolean fromLogin = subscription || PrimaryApiKeySource.SOURCE.equals(provider.source());
        Optional<OAuthAccount> account = fromLogin ? globalConfig.oauthAccount() : Optional.empty();
        if (provider instanceof GatewayProvider gateway) {
            apiBase = gateway.baseUrl().toString();
            account = store.gateway().map(g -> new OAuthAccount(null, g.email(), g.organizationUuid(), null, null, null, null, null))
                    .filter(a -> a.emailAddress() != null || a.organizationUuid() != null);
        }
        Optional<String> subscriptionType = subscription
                ? store.read().map(StoredLogin::subscriptionType)
                : Optional.empty();
        boolean isKey = provider.method() == AuthMethod.API_KEY || provider.method() == AuthMethod.API_KEY_HELPER;
        return new AuthStatus(true, provider.method().statusName(), provider.apiProvider(),
                isKey ? Optional.of(provider.source()) : Optional.empty(),
                isKey ? Optional.empty() : Optional.of(provider.source()),
                account.map(OAuthAccount::emailAddress),
                account.map(OAuthAccount::organizationUuid),
                account.map(OAuthAccount::organizationName),
                subscriptionType,
                apiBase,
                resolution.explanation(),
                provider.hint(),
                resolution.notUsed());
    }
}
