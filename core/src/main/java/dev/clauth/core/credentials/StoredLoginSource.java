package dev.clauth.core.credentials;

import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.StoredLogin;
import java.time.Clock;
import java.util.Optional;

/**
 * The subscription login saved by {@code clauth auth login}. It is used only against the
 * authorization server that issued it: a login from another issuer is passed over, never sent there.
 */
public final class StoredLoginSource implements CredentialSource {

    private final CredentialStore store;
    private final ServerLocations servers;
    private final Clock clock;

    public StoredLoginSource(CredentialStore store, ServerLocations servers, Clock clock) {
        this.store = store;
        this.servers = servers;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "stored login";
    }

    @Override
    public String noun() {
        return "your subscription login";
    }

    @Override
    public Detection detect() {
        Optional<StoredLogin> login = store.read();
        if (login.isEmpty()) {
            return new Detection.Absent("none in " + store.where());
        }
        Optional<String> mismatch = issuerMismatch(login.get(), servers);
        if (mismatch.isPresent()) {
            return new Detection.Absent(mismatch.get());
        }
        return new Detection.Found(new StoredLoginProvider(new TokenRefresher(store, servers, clock), store.path()));
    }

    /** Why {@code login} must not be used with {@code servers}, if it must not. */
    static Optional<String> issuerMismatch(StoredLogin login, ServerLocations servers) {
        if (login.issuer() == null) {
            return Optional.of("the stored login does not record its issuer · Please run clauth auth login");
        }
        if (!servers.isIssuer(login.issuer())) {
            return Optional.of("the stored login is for " + login.issuer() + ", not the configured "
                    + servers.oauthBase() + " · Please run clauth auth login");
        }
        return Optional.empty();
    }
}
