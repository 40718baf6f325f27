package dev.clauth.core.credentials;

import dev.clauth.core.gateway.GatewayAddress;
import dev.clauth.core.gateway.GatewayClient;
import dev.clauth.core.oauth.Jwt;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GatewayLogin;
import dev.clauth.core.world.World;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refreshes the gateway sign-in ({@code enterpriseGateway}) at its token endpoint, as {@link Refresher}
 * describes and as the reference does: five minutes ahead of expiry (or a fifth of a short JWT's life), a
 * refresh grant with no client authentication over the pinned TLS, the refresh token kept when the answer
 * has none. A gateway that refuses the refresh token ({@code invalid_grant}, 401 or 400) ends the sign-in
 * in one line.
 */
final class GatewayRefresher extends Refresher<GatewayLogin> {

    GatewayRefresher(CredentialStore store, World world) {
        this(store, world, RefreshBackoff.STANDARD);
    }

    GatewayRefresher(CredentialStore store, World world, RefreshBackoff backoff) {
        super(store, new Slot(store, world), world.clock(), backoff);
    }

    /** How a client reaches the gateway of {@code login}: its address, with the pinned TLS for https. */
    static GatewayClient client(CredentialStore store, World world, GatewayLogin login) {
        GatewayAddress gateway = GatewayAddress.parse(login.url());
        return GatewayClient.of(gateway, GatewaySource.pinnedTls(store, world, gateway));
    }

    private record Slot(CredentialStore store, World world) implements Refresher.Slot<GatewayLogin> {

        @Override
        public GatewayLogin read() {
            return store.gateway().orElseThrow(NotLoggedInException::new);
        }

        @Override
        public String accessToken(GatewayLogin login) {
            return login.jwt();
        }

        @Override
        public String refreshToken(GatewayLogin login) {
            return login.idpRefreshToken();
        }

        @Override
        public Instant expiry(GatewayLogin login) {
            return login.expiry();
        }

        @Override
        public Duration margin(GatewayLogin login) {
            return marginFor(Jwt.lifetime(login.jwt()));
        }

        @Override
        public TokenGrant refresh(GatewayLogin login) {
            return client(store, world, login).refresh(URI.create(login.tokenEndpointOrDefault()), login.idpRefreshToken());
        }

        @Override
        public GatewayLogin refreshed(GatewayLogin login, TokenGrant grant, Instant now) {
            return login.withTokens(grant.accessToken(), grant.refreshToken().orElse(null),
                    now.toEpochMilli() + grant.expiresInSeconds() * 1000);
        }

        @Override
        public Optional<GatewayLogin> replaceIf(String expectedRefreshToken, GatewayLogin fresh) {
            return store.replaceGatewayIf(expectedRefreshToken, fresh);
        }

        @Override
        public String refusedForGood(GatewayLogin login) {
            return "The gateway " + login.url() + " ended your sign-in (invalid_grant); run clauth auth login --gateway "
                    + login.url() + " to sign in again";
        }

        @Override
        public String expiredForGood(GatewayLogin login) {
            return "Your sign-in to the gateway " + login.url() + " has expired and cannot be refreshed; run clauth auth login"
                    + " --gateway " + login.url();
        }
    }
}
